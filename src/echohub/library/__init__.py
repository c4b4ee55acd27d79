"""The program's library: talks, clinical tools and past cases."""

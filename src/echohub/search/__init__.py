"""One search over the library: talks, tools, cases and recommendations; similar cases."""

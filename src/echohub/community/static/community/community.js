// After a reply is added without a reload, focus moves to the new message (its heading is
// read out); the reply form's live text says whether it was published or held.
(function () {
  document.addEventListener("htmx:afterSettle", function () {
    var post = document.querySelector("[data-focus-new-post]");
    if (!post) { return; }
    post.removeAttribute("data-focus-new-post");
    post.setAttribute("tabindex", "-1");
    post.focus();
  });
})();

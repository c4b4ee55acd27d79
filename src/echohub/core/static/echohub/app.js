// Progressive enhancement only; every page works without it.
// Confirm destructive actions: <form data-confirm="Are you sure?">.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

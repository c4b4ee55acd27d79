// The search page: on a phone the filters start folded (the results come first); the box
// stays open without JavaScript, and after a filter is ticked (htmx keeps it as it is).
(function () {
  "use strict";
  if (!window.matchMedia("(max-width: 50rem)").matches) return;
  document.querySelectorAll("details[data-fold-on-phone]").forEach(function (box) {
    box.open = false;
  });
})();

// Attendance review queue (progressive enhancement: the page works without it).
// After htmx replaces a decided row, move focus to its new status so keyboard and screen
// reader users are not dropped at the top of the page.
document.addEventListener("htmx:afterSwap", function (event) {
  var target = event.detail && event.detail.target;
  if (!target || !target.id || target.id.indexOf("queue-row-") !== 0) {
    return;
  }
  var row = document.getElementById(target.id);
  if (!row) {
    return;
  }
  var focusable = row.querySelector("[data-decided]") || row.querySelector(".error") || row.querySelector("input[type=search]");
  if (focusable) {
    focusable.focus();
  }
});

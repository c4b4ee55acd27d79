// Case form: add and remove medication and score rows in place (progressive enhancement: the
// "Add a medication" / "Remove medication 2" buttons are submit buttons that the server
// handles the same way when this script does not run).
(function () {
  "use strict";

  function totalInput(form, prefix) {
    return form.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
  }

  function announce(form, text) {
    var status = form.querySelector("#rows-status");
    if (status) {
      status.textContent = "";
      window.setTimeout(function () { status.textContent = text; }, 50);
    }
  }

  function setIndex(row, prefix, index) {
    // Rename every field of the row to its new position: med-3-drug -> med-2-drug.
    var pattern = new RegExp("^(id_)?" + prefix + "-(\\d+|__prefix__)-");
    row.querySelectorAll("[name], [id], label[for]").forEach(function (el) {
      ["name", "id", "for"].forEach(function (attr) {
        var value = el.getAttribute(attr);
        if (value && pattern.test(value)) {
          el.setAttribute(attr, value.replace(pattern, function (_m, id) {
            return (id || "") + prefix + "-" + index + "-";
          }));
        }
      });
    });
    row.id = prefix + "-row-" + index;
    row.querySelectorAll("[data-num]").forEach(function (el) { el.textContent = String(index + 1); });
    var remove = row.querySelector("[data-remove-row]");
    if (remove) {
      remove.value = "remove_" + prefix + "-" + index;
    }
  }

  function refresh(form, prefix) {
    var rows = form.querySelectorAll("[data-row='" + prefix + "']");
    var live = Array.prototype.filter.call(rows, function (r) { return !r.closest("template"); });
    live.forEach(function (row, i) { setIndex(row, prefix, i); });
    var total = totalInput(form, prefix);
    total.value = String(live.length);
    var initial = form.querySelector("input[name='" + prefix + "-INITIAL_FORMS']");
    if (initial && Number(initial.value) > live.length) {
      initial.value = String(live.length);
    }
    var max = form.querySelector("input[name='" + prefix + "-MAX_NUM_FORMS']");
    var add = form.querySelector("[data-add-row='" + prefix + "']");
    if (add && max) {
      add.disabled = live.length >= Number(max.value);
    }
    var empty = form.querySelector("[data-rows-empty='" + prefix + "']");
    if (empty) {
      empty.hidden = live.length > 0;
    }
    var count = add && add.closest("details") && add.closest("details").querySelector("summary .count");
    if (count) {
      count.textContent = "(" + live.length + ")";
    }
    return live;
  }

  function changed(form) {
    // The autosave (hx-trigger="change") saves the rows as they now are.
    form.dispatchEvent(new Event("change", { bubbles: true }));
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-add-row], [data-remove-row]");
    if (!button) {
      return;
    }
    var form = button.form;
    if (!form || !form.classList.contains("case-form")) {
      return;
    }
    event.preventDefault();
    if (button.hasAttribute("data-add-row")) {
      var prefix = button.getAttribute("data-add-row");
      var template = document.getElementById(prefix + "-template");
      var container = form.querySelector("[data-rows='" + prefix + "']");
      var index = Number(totalInput(form, prefix).value);
      var row = template.content.firstElementChild.cloneNode(true);
      container.appendChild(row);
      setIndex(row, prefix, index);
      refresh(form, prefix);
      var first = row.querySelector("input, select, textarea");
      if (first) {
        first.focus();
      }
      announce(form, row.querySelector("legend").textContent.trim());
    } else {
      var removed = button.closest("[data-row]");
      var kind = removed.getAttribute("data-row");
      var label = removed.querySelector("legend").textContent.trim();
      var next = removed.nextElementSibling || removed.previousElementSibling;
      removed.remove();
      refresh(form, kind);
      var target = next ? next.querySelector("input, select, textarea") : form.querySelector("[data-add-row='" + kind + "']");
      if (target) {
        target.focus();
      }
      announce(form, label + " — " + (form.getAttribute("data-removed-text") || "removed"));
      changed(form);
    }
  });

  // After adding or removing a row without this script's help (a full page), continue there.
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form.case-form[data-focus]");
    if (!form) {
      return;
    }
    var target = document.getElementById(form.getAttribute("data-focus"));
    var field = target && (target.matches("button") ? target : target.querySelector("input, select, textarea"));
    if (field) {
      field.focus();
    }
  });
})();

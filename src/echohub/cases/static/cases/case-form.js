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

  // The window's own saves. An autosave may still be on its way when "Save draft" or "Check and
  // submit" is pressed: the server takes the window's saves in the order they were made (never
  // as "changed in another window"), and once the page is being submitted no autosave starts.
  var windowToken = "";
  var saves = 0;

  function newToken() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function caseForm(el) {
    return el && el.closest ? el.closest("form.case-form") : null;
  }

  function autosaveOf(event) {
    // The case form's own autosave (not a request of something placed inside it).
    var elt = event.detail && event.detail.elt;
    return elt && elt.matches && elt.matches("form.case-form") ? elt : null;
  }

  document.addEventListener("htmx:confirm", function (event) {
    var form = autosaveOf(event);
    if (form && form.hasAttribute("data-submitting")) {
      event.preventDefault();  // the page is being submitted with everything in it
    }
  });

  // Edits typed since the last save the server confirmed: another form of the page (a
  // finding's "Keep it") first saves them, so leaving the page never drops what was typed.
  var edits = 0;
  var savedEdits = 0;
  var sentEdits = 0;
  var waiting = null;

  function countEdit(event) {
    var owner = event.target && event.target.form;
    if (owner && owner.classList.contains("case-form")) {
      edits += 1;  // a finding's reason box sits in the case form but belongs to its own form
    }
  }
  document.addEventListener("input", countEdit);
  document.addEventListener("change", countEdit);

  document.addEventListener("htmx:configRequest", function (event) {
    var form = autosaveOf(event);
    if (!form) {
      return;
    }
    sentEdits = edits;
    if (!windowToken) {
      return;
    }
    saves += 1;
    event.detail.parameters.window = windowToken;
    event.detail.parameters.seq = String(saves);
  });

  document.addEventListener("echohub:draft-saved", function () {
    // The server's answer to the save sent last (hx-sync: one at a time).
    savedEdits = Math.max(savedEdits, sentEdits);
    if (waiting && savedEdits >= waiting.upTo) {
      var next = waiting;
      waiting = null;
      next.form.setAttribute("data-after-save", "");
      document.querySelector("form.case-form").setAttribute("data-submitting", "");
      next.form.requestSubmit(next.submitter || undefined);
    }
  });

  document.addEventListener("submit", function (event) {
    var other = event.target;
    var form = document.querySelector("form.case-form");
    if (!form || caseForm(other) || other.hasAttribute("data-after-save")) {
      return;
    }
    if (edits <= savedEdits || !window.htmx || other.method.toLowerCase() !== "post") {
      form.setAttribute("data-submitting", "");  // the page is leaving: no autosave starts
      return;
    }
    event.preventDefault();  // save the typing first, then go on with this form
    waiting = { form: other, submitter: event.submitter, upTo: edits };
    window.htmx.trigger(form, "save-now");
  }, true);

  document.addEventListener("submit", function (event) {
    var form = caseForm(event.target);
    if (!form || event.defaultPrevented || !windowToken) {
      return;
    }
    saves += 1;
    form.querySelector("[data-edit-seq]").value = String(saves);
    form.setAttribute("data-submitting", "");
  });

  window.addEventListener("pageshow", function () {
    // Back to this page from the browser's cache: autosave again.
    document.querySelectorAll("form.case-form[data-submitting]").forEach(function (form) {
      form.removeAttribute("data-submitting");
    });
  });

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form.case-form");
    var input = form && form.querySelector("[data-edit-window]");
    if (input && window.crypto && window.crypto.getRandomValues) {
      windowToken = newToken();
      input.value = windowToken;
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

// The case page and the escalation composers: copy buttons (Case ID, subject, message, address).
// Everything else works without JS.
(function () {
  "use strict";

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Plain-HTTP fallback (a local trial): a temporary textarea and the old copy command.
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "visually-hidden";
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand("copy");
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error("copy failed")); }
    });
  }

  function flash(button, words) {
    var original = button.dataset.label || button.textContent;
    button.dataset.label = original;
    button.textContent = words;
    button.classList.add("copied");
    window.setTimeout(function () {
      button.textContent = original;
      button.classList.remove("copied");
    }, 1600);
  }

  document.querySelectorAll("button.copy[data-copy]").forEach(function (button) {
    var source = document.querySelector(button.dataset.copy);
    if (!source) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      // A composer's box holds what the person edited (its value), not the text the page was served with.
      var text = (source.tagName === "TEXTAREA" || source.tagName === "INPUT") ? source.value : source.innerText;
      copyText(text.trim()).then(
        function () { flash(button, "Copied ✓"); },
        function () { flash(button, "Select and copy by hand"); }
      );
    });
  });

  // Opening a quick-action form puts the cursor in its first box.
  document.querySelectorAll("details.action").forEach(function (details) {
    details.addEventListener("toggle", function () {
      if (!details.open) { return; }
      var field = details.querySelector("textarea, input:not([type=hidden])");
      if (field) { field.focus(); }
    });
  });

  // In edit mode, go to the first field with an error, else the first field.
  var editForm = document.querySelector("form.edit-form");
  if (editForm) {
    var target = editForm.querySelector(".has-error input, .has-error select, .has-error textarea") ||
      (document.querySelector(".stale-panel") ? null : editForm.querySelector("input:not([type=hidden]), select, textarea"));
    if (target) { target.focus(); }
  }
})();

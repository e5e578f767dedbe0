// Copy buttons, on every page. A `button.copy[data-copy="#id"]` copies that element's text (or, for a box
// the person can edit, its current value); the buttons are served hidden and shown here, so nothing is
// offered without JavaScript. Other scripts copy through `window.casedeskCopy(text)`.
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
  window.casedeskCopy = copyText;

  function flash(button, words) {
    var original = button.dataset.label || button.textContent;
    button.dataset.label = original;
    button.textContent = words;
    button.classList.add("copied");
    window.setTimeout(function () {
      button.textContent = original;
      button.classList.remove("copied");
    }, 2500);
  }

  document.querySelectorAll("button.copy[data-copy]").forEach(function (button) {
    var source = document.querySelector(button.dataset.copy);
    if (!source) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = (source.tagName === "TEXTAREA" || source.tagName === "INPUT") ? source.value : source.textContent;
      copyText(text.trim()).then(
        function () { flash(button, "Copied ✓"); },
        function () { flash(button, "Select and copy by hand"); }
      );
    });
  });
})();

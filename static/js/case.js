// The case page and the escalation composers: focus where the person types next (copy buttons: copy.js).
// Everything works without JS.
(function () {
  "use strict";

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

// The case template's live preview in the admin: the server drafts and checks it (cases/compose.py).
// The admin loads this in <head>: wait for the form.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var box = document.getElementById("template-preview");
  var form = box && box.closest("form");
  if (!form) { return; }
  var url = box.dataset.previewUrl;
  var names = ["name", "subject_template", "body_template", "identifier_kinds"];
  var timer = null;
  var sequence = 0;
  var refresh = function () {
    var data = new FormData();
    names.forEach(function (name) {
      var field = form.querySelector("[name=" + name + "]");
      data.append(name, field ? field.value : "");
    });
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    var mine = ++sequence;
    fetch(url, {method: "POST", body: data, credentials: "same-origin",
                headers: {"X-CSRFToken": token ? token.value : ""}})
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null || mine !== sequence) { return; }
        var current = document.getElementById("template-preview");
        current.outerHTML = html;
      })
      .catch(function () { /* the preview comes back on the next keystroke */ });
  };
  names.forEach(function (name) {
    var field = form.querySelector("[name=" + name + "]");
    if (!field) { return; }
    field.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, 250);
    });
  });
});

// The guided "Open a case" form. Every step works without this file (plain forms); it adds what a
// person notices: the pre-check only when it applies, the message checks as you type, copy buttons.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function csrf(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // Step 1: the pre-check shows for issue types that need it; the "I fixed it" part when they differed.
  var precheck = document.getElementById("precheck");
  if (precheck) {
    var fixed = document.getElementById("precheck-fixed");
    var update = function () {
      var chosen = document.querySelector(".template-choices input:checked");
      var needs = chosen && chosen.closest("label").dataset.precheck === "1";
      precheck.hidden = !needs;
      var differed = document.querySelector("input[name=content_differed]:checked");
      if (fixed) { fixed.hidden = !(differed && differed.value === "yes"); }
    };
    document.querySelectorAll("input[name=template], input[name=content_differed]").forEach(function (input) {
      input.addEventListener("change", update);
    });
    update();
  }

  // Step 4: the checks run on the server (cases/compose.py) as the person types; the blanks are put into
  // the drafted subject and message until the person edits those by hand.
  var messageForm = document.querySelector("form.message-form");
  if (messageForm) {
    var subject = messageForm.querySelector("[name=subject]");
    var body = messageForm.querySelector("[name=body]");
    var checksBox = document.getElementById("message-checks");
    var note = document.getElementById("redraft-note");
    var pristine = messageForm.dataset.pristine === "1";
    var timer = null;
    var sequence = 0;

    var send = function (redraft) {
      var data = new FormData(messageForm);
      data.delete("action");
      if (redraft) { data.append("redraft", "1"); }
      var mine = ++sequence;
      fetch(messageForm.dataset.checkUrl, {
        method: "POST", body: data, credentials: "same-origin",
        headers: {"X-CSRFToken": csrf(messageForm), "X-Requested-With": "fetch"}
      }).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (payload) {
        if (!payload || mine !== sequence) { return; }
        if (redraft && payload.subject !== undefined) {
          subject.value = payload.subject;
          body.value = payload.body;
        }
        checksBox.innerHTML = "<h3>Checks</h3>" + payload.checks_html;
      }).catch(function () { /* the server checks again on Next */ });
    };
    var later = function (redraft) {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { send(redraft); }, 300);
    };
    messageForm.querySelectorAll("[name^=fill_]").forEach(function (input) {
      input.addEventListener("input", function () { later(pristine); });
    });
    [subject, body].forEach(function (input) {
      input.addEventListener("input", function () {
        if (pristine && messageForm.querySelector("[name^=fill_]")) {
          pristine = false;
          if (note) { note.hidden = false; }
        }
        later(false);
      });
    });
    var redraftButton = document.getElementById("redraft");
    if (redraftButton) {
      redraftButton.addEventListener("click", function (event) {
        event.preventDefault();
        pristine = true;
        if (note) { note.hidden = true; }
        send(true);
      });
    }
  }

  // Step 6's copy buttons (subject, message) are wired by copy.js.

  // Each step starts with the cursor where the person types next: an error first, else the first empty box.
  var form = document.querySelector(".open-form");
  if (form) {
    var target = form.querySelector(".errorlist + input, .errorlist + textarea, .errorlist + select, " +
                                    ".errorlist + label input") ||
      form.querySelector("[name^=fill_]") ||
      form.querySelector("input[type=radio]:checked") ||
      form.querySelector("input[type=text]:not([value]), textarea:empty, select") ||
      form.querySelector("input:not([type=hidden]), textarea, select, button[value=next]");
    if (target && !target.closest("[hidden]")) { target.focus({preventScroll: true}); }
  }
})();

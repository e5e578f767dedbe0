// The escalation and follow-up composers: live message checks as the person types, and (escalation) the
// message redrafted when the route, outcome or attachments change — unless the person has edited it by hand.
(function () {
  "use strict";

  var form = document.querySelector("form.composer[data-check-url]");
  if (!form) { return; }
  var subject = form.querySelector("[name=subject]");
  var message = form.querySelector("[name=message]");
  var checks = document.getElementById("checks");
  var redraftButton = document.getElementById("redraft");
  var note = document.getElementById("redraft-note");
  var drafted = { subject: subject.value, message: message.value };
  var timer = null;
  var seq = 0;

  function edited() {
    return subject.value !== drafted.subject || message.value !== drafted.message;
  }

  function renderChecks(list) {
    checks.textContent = "";
    if (!list.length) {
      var ok = document.createElement("p");
      ok.className = "check-ok";
      ok.textContent = "✓ The message passes the checks: no links, the Case ID and the product named.";
      checks.appendChild(ok);
      return;
    }
    var ul = document.createElement("ul");
    ul.className = "check-list";
    list.forEach(function (c) {
      var li = document.createElement("li");
      li.className = "check-" + c.level;
      var level = document.createElement("span");
      level.className = "check-level";
      level.textContent = c.level === "error" ? "Fix" : "Note";
      li.appendChild(level);
      li.appendChild(document.createTextNode(" " + c.message));
      ul.appendChild(li);
    });
    checks.appendChild(ul);
  }

  function post(redraft) {
    var data = new FormData(form);
    if (redraft) { data.set("redraft", "1"); }
    var mine = ++seq;
    return fetch(form.dataset.checkUrl, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      if (!response.ok) { throw new Error("checks failed: " + response.status); }
      return response.json();
    }).then(function (payload) {
      if (mine !== seq) { return; }  // a later request is on its way
      if (payload.draft) {
        subject.value = payload.draft.subject;
        message.value = payload.draft.message;
        drafted = { subject: subject.value, message: message.value };
      }
      renderChecks(payload.checks);
    }).catch(function () { /* the server checks again when the form is submitted */ });
  }

  function soon() {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { post(false); }, 350);
  }

  subject.addEventListener("input", soon);
  message.addEventListener("input", soon);

  if (redraftButton) {
    redraftButton.closest(".js-only").hidden = false;
    redraftButton.addEventListener("click", function () { post(true); if (note) { note.textContent = ""; } });
    form.querySelectorAll("[name=route], [name=outcome_choice], [name=outcome_text], [name=attachments]").forEach(function (input) {
      input.addEventListener("change", function () {
        if (input.name === "outcome_text" && input.value.trim()) {
          var other = form.querySelector("[name=outcome_choice][value=other]");
          if (other) { other.checked = true; }
        }
        if (edited()) {
          if (note) { note.textContent = "You edited the message, so it was not redrafted."; }
          post(false);
        } else {
          post(true);
        }
      });
    });
  }
})();

// Keyboard review: on a page with a claim panel, a/r/s press the matching button, e opens the edit form,
// j follows the "next" link. Keys typed into a field are left alone.
(function () {
  "use strict";
  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var key = event.key;
    if (typing(event.target)) {
      // Enter in the reason box of a rejection form submits as a rejection when that is the only way forward.
      if (key === "Escape") event.target.blur();
      return;
    }
    // Enter on a highlighted passage opens its claim, as a click does (htmx filters would need eval, which
    // the Content-Security-Policy forbids).
    if (key === "Enter" && event.target.matches && event.target.matches("mark.claim")) {
      event.preventDefault();
      event.target.click();
      return;
    }
    var panel = document.querySelector(".claim-panel");
    if (!panel) return;
    var button = panel.querySelector('[data-key="' + key + '"]') || document.querySelector('a[data-key="' + key + '"]');
    if (key === "e") {
      var details = panel.querySelector("details.edit");
      if (details) {
        details.open = true;
        var first = details.querySelector("input");
        if (first) first.focus();
        event.preventDefault();
      }
      return;
    }
    if (key === "r") {
      var reason = panel.querySelector('input[name="reason"]');
      if (reason && !reason.value.trim()) {
        reason.focus();
        reason.placeholder = "type the reason, then press Enter to reject";
        reason.dataset.rejectOnEnter = "1";
        event.preventDefault();
        return;
      }
    }
    if (button) {
      event.preventDefault();
      // A key pressed right after htmx swapped the panel in can beat htmx's processing of the new form; the
      // click would then post the whole page instead of swapping the panel. process() is idempotent.
      if (window.htmx && button.form) window.htmx.process(button.form);
      button.click();
    }
  });
  // Enter in the reason box after pressing r rejects (instead of the form's first button, accept).
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "Enter" && target && target.dataset && target.dataset.rejectOnEnter === "1") {
      var reject = target.form && target.form.querySelector('button[value="reject"]');
      if (reject) {
        event.preventDefault();
        reject.click();
      }
    }
  }, true);
  // In the review queue, a decision moves on to the next claim.
  document.body.addEventListener("claim-decided", function () {
    var queue = document.querySelector('[data-keyboard="review"]');
    var next = queue && queue.querySelector("a.next");
    if (next) {
      setTimeout(function () { window.location.assign(next.href); }, 400);
    }
  });
})();

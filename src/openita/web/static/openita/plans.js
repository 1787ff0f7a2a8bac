// The plan page (plans/detail.html). Without JavaScript every link and form still works: the
// edit form is a page of its own and saving returns to the measure (#m<id>).
//
// Focus after an in-place change (htmx swaps the measure's <li id="m<id>">):
// * the edit form came in   -> its first field (or the first field with an error);
// * saved or cancelled      -> the measure's Edit button;
// * a tracking form was sent -> the field with an error, else the same form's first field.
// A measure's tracking part (steps, evidence, comments, forms) is fetched when it is first
// opened (hx-trigger="toggle once" in _measure.html); focus stays on its summary.
// Printing opens every closed section first, so the paper shows every measure's card; the
// tracking parts print as they are (the progress report is the paper record of the tracking).
(function () {
  "use strict";
  var pending = null;

  function firstField(root) {
    return (
      root.querySelector("[aria-invalid=true]") ||
      root.querySelector("input:not([type=hidden]), select, textarea")
    );
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (!target || !target.matches || !target.matches("li.measure")) {
      return;
    }
    var source = event.detail.requestConfig && event.detail.requestConfig.elt;
    var form = source && source.closest ? source.closest("form") : null;
    pending = {
      id: target.id,
      wasEditing: target.classList.contains("editing"),
      formClass: form && !target.classList.contains("editing") ? form.classList[0] : null,
    };
  });

  document.addEventListener("htmx:afterSettle", function () {
    if (!pending) {
      return;
    }
    var done = pending;
    pending = null;
    var row = document.getElementById(done.id);
    if (!row) {
      return;
    }
    var focus = null;
    if (row.classList.contains("editing")) {
      focus = firstField(row);
    } else if (done.wasEditing) {
      focus = row.querySelector(".edit-measure");
    } else if (done.formClass) {
      var invalid = row.querySelector("[aria-invalid=true]");
      var same = row.querySelector("form." + done.formClass);
      focus = invalid || (same && firstField(same)) || row.querySelector("details.tracking > summary");
    }
    var closed = focus && focus.closest("details:not([open])");
    if (closed) {
      focus = closed.querySelector("summary");
    }
    if (focus) {
      focus.focus();
    }
  });

  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.plan-section:not([open])").forEach(
      function (details) {
        details.open = true;
        opened.push(details);
      }
    );
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) {
      details.open = false;
    });
    opened = [];
  });
})();

// The OIT batch review page (oit/review_batch.html): keyboard shortcuts as progressive
// enhancement. Without JavaScript every item's form is submitted with its own button.
//   j / k   next / previous item          p / f   pass / fail
//   a       partial, focus the score      c       focus the comment
//   Enter   save the current item         ?       show or hide the list of shortcuts
//   Esc     leave a text box (back to the item), or close the list
// After a refused review the page opens on the refused item, its first refused field focused
// (the field the server marked aria-invalid), not on the first item.
// No inline script, no eval (the site's Content-Security-Policy allows neither).
(function () {
  "use strict";
  var items = [];
  var current = -1;

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "TEXTAREA" || tag === "SELECT" || (tag === "INPUT" && target.type !== "radio");
  }

  // ``field``: focus that field of the item instead of the item itself, and leave the address
  // alone (Chrome focuses an address's #fragment target when the page has loaded, which would
  // take the focus back from the field).
  function select(index, field) {
    if (!items.length) {
      return;
    }
    index = Math.max(0, Math.min(items.length - 1, index));
    if (current >= 0) {
      items[current].classList.remove("current");
    }
    current = index;
    var item = items[current];
    item.classList.add("current");
    if (field) {
      field.focus({ preventScroll: true });
      field.scrollIntoView({ block: "center" });
      return;
    }
    item.focus({ preventScroll: true });
    item.scrollIntoView({ block: "nearest" });
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", "#" + item.id);
    }
  }

  function form() {
    return current >= 0 ? items[current].querySelector("[data-review-form]") : null;
  }

  function choose(key) {
    var f = form();
    var radio = f && f.querySelector('input[type=radio][data-key="' + key + '"]');
    if (!radio) {
      return null;
    }
    radio.checked = true;
    radio.dispatchEvent(new Event("change", { bubbles: true }));
    return f;
  }

  function save(f) {
    if (f.requestSubmit) {
      f.requestSubmit();
    } else {
      f.submit();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    items = Array.prototype.slice.call(document.querySelectorAll("[data-review-item]"));
    var help = document.getElementById("keys-help");
    var hint = document.getElementById("keys-hint");
    if (!items.length) {
      return;
    }
    if (hint) {
      hint.hidden = false;
    }
    var start = 0;
    if (window.location.hash) {
      var found = items.findIndex(function (item) {
        return "#" + item.id === window.location.hash;
      });
      start = found >= 0 ? found : 0;
    }
    // A refused form: a field marked aria-invalid, or else a message of the whole form.
    var invalid = document.querySelector('[data-review-item] [aria-invalid="true"]');
    var refused = invalid || document.querySelector("[data-review-item] .field-errors");
    var field = null;
    if (refused) {
      start = items.indexOf(refused.closest("[data-review-item]"));
      // A group of radio buttons is marked on its fieldset: its chosen (or first) button.
      field = invalid && invalid.tagName === "FIELDSET"
        ? invalid.querySelector("input:checked") || invalid.querySelector("input, select, textarea")
        : invalid;
    }
    select(start, field);
    items.forEach(function (item, index) {
      item.addEventListener("focusin", function () {
        if (current !== index) {
          if (current >= 0) {
            items[current].classList.remove("current");
          }
          current = index;
          item.classList.add("current");
        }
      });
    });

    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) {
        return;
      }
      var target = event.target;
      if (event.key === "Escape") {
        if (help && !help.hidden) {
          help.hidden = true;
        } else if (typing(target) && current >= 0) {
          items[current].focus();
        }
        return;
      }
      if (typing(target)) {
        // Enter in the score box saves; in the comment it is a new line only with Shift.
        if (event.key === "Enter" && !event.shiftKey && target.form &&
            target.form.hasAttribute("data-review-form")) {
          event.preventDefault();
          save(target.form);
        }
        return;
      }
      var f;
      switch (event.key) {
        case "j":
          select(current + 1);
          break;
        case "k":
          select(current - 1);
          break;
        case "p":
          choose("p");
          break;
        case "f":
          f = choose("f");
          if (f) {
            f.querySelector("[data-comment]").focus();
          }
          break;
        case "a":
          f = choose("a");
          if (f && f.querySelector("[data-score]")) {
            f.querySelector("[data-score]").focus();
          }
          break;
        case "c":
          f = form();
          if (f) {
            f.querySelector("[data-comment]").focus();
          }
          break;
        case "Enter":
          f = form();
          if (!f || (target.tagName === "BUTTON" || target.tagName === "A")) {
            return;
          }
          save(f);
          break;
        case "?":
          if (help) {
            help.hidden = !help.hidden;
          }
          break;
        default:
          return;
      }
      event.preventDefault();
    });
  });
})();

// The OIT checklist: a "Copy" button beside each public address (oit/_copy_url.html). Without
// JavaScript the buttons stay hidden and the address is plain selectable text. No inline
// script (the Content-Security-Policy allows only this site's files).
document.addEventListener("DOMContentLoaded", function () {
  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
  document.querySelectorAll(".copy-url button.copy").forEach(function (button) {
    var wrapper = button.closest(".copy-url");
    var address = wrapper.querySelector(".url");
    var status = wrapper.querySelector(".copied");
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = button.getAttribute("data-copy");
      function done() {
        status.textContent = button.getAttribute("data-done");
      }
      // The clipboard needs a secure page (https or localhost); elsewhere the address is
      // selected, ready for Ctrl+C.
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, function () {
          selectText(address);
        });
      } else {
        selectText(address);
      }
    });
  });
});

// Bar lengths and level marks on the dashboard: the page gives them as data-width/data-left
// (percent) because the Content-Security-Policy allows no inline style attributes; setting
// them through the DOM is allowed.
document.querySelectorAll(".track [data-width]").forEach(function (bar) {
  bar.style.width = bar.dataset.width + "%";
});
document.querySelectorAll(".track [data-left]").forEach(function (mark) {
  mark.style.left = mark.dataset.left + "%";
});

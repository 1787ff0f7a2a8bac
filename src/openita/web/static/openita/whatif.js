// Sliders are an extra for pointer users: each mirrors its number field (which is what the
// form sends), so the page works the same without JavaScript.
document.querySelectorAll(".whatif-inputs input.slider").forEach(function (slider) {
  var field = document.getElementById(slider.dataset.for);
  slider.hidden = false;
  slider.addEventListener("input", function () { field.value = slider.value; });
  field.addEventListener("input", function () { slider.value = field.value; });
});

// « tout sélectionner » checks every comment of the page. The console
// works without it.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("input.select-all").forEach(function (all) {
    all.addEventListener("change", function () {
      all.form.querySelectorAll('input[name="sel"]').forEach(function (box) { box.checked = all.checked; });
    });
  });
});

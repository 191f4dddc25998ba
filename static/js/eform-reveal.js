// Progressive enhancement of the e-form: a field that depends on an earlier choice is shown only while that
// choice is made. Without JavaScript every field stays visible with its "Chỉ điền nếu …" hint, and the
// server ignores answers to fields whose condition is not met.
document.addEventListener("DOMContentLoaded", function () {
  var groups = document.querySelectorAll("[data-when-field]");
  if (!groups.length) { return; }
  function update() {
    groups.forEach(function (group) {
      var chosen = document.querySelector("input[name='" + group.dataset.whenField + "']:checked");
      group.hidden = !chosen || chosen.value !== group.dataset.whenValue;
    });
  }
  document.addEventListener("change", update);
  update();
});

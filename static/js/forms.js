// A form marked data-once disables its submit button after the first submit, so a double click
// posts once. The server stays the real guard (constraints and services refuse a duplicate).
document.querySelectorAll("form[data-once]").forEach(function (form) {
  form.addEventListener("submit", function () {
    form.querySelectorAll("button[type=submit]").forEach(function (button) {
      button.disabled = true;
      if (button.dataset.busy) { button.textContent = button.dataset.busy; }
    });
  });
});

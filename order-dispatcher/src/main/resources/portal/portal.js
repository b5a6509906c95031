// Progressive enhancement only: every page works without this file.
document.addEventListener('DOMContentLoaded', function () {
  // Move focus to the error summary, so keyboard and screen reader users meet the problems first.
  var summary = document.querySelector('[data-autofocus]');
  if (summary) {
    summary.focus();
  }
  // "Copy" buttons next to the pairing secret.
  document.querySelectorAll('[data-copy]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      var source = document.getElementById(button.getAttribute('data-copy'));
      if (source && navigator.clipboard) {
        navigator.clipboard.writeText(source.textContent.trim()).then(function () {
          button.textContent = 'Copied';
        });
      }
    });
  });
});

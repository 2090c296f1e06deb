// Trip form: keep the direction list to the directions the chosen route runs.
// The form works without this script; the server checks the route and direction pair anyway.
// Direction words come from the page (data-direction-words, from src/web/catalogue.ts).
(function () {
  'use strict';
  var form = document.querySelector('form.trip-form');
  if (!form) return;
  var map, words;
  try {
    map = JSON.parse(form.getAttribute('data-directions') || '{}');
    words = JSON.parse(form.getAttribute('data-direction-words') || '{}');
  } catch (e) {
    return;
  }
  var route = form.querySelector('#route');
  var direction = form.querySelector('#direction');
  if (!route || !direction) return;
  function update() {
    var allowed = map[route.value] || ['e', 'w', 'n', 's'];
    var current = direction.value;
    // A "Choose a direction" placeholder (value "") stays first while nothing is chosen.
    var placeholder = direction.querySelector('option[value=""]');
    while (direction.firstChild) direction.removeChild(direction.firstChild);
    if (placeholder && current === '') direction.appendChild(placeholder);
    allowed.forEach(function (d) {
      var option = document.createElement('option');
      option.value = d;
      option.textContent = words[d] || d;
      if (d === current) option.selected = true;
      direction.appendChild(option);
    });
  }
  route.addEventListener('change', update);
  update();
})();

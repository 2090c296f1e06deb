// Trip form: keep the direction list to the directions the chosen route runs.
// The form works without this script; the server checks the route and direction pair anyway.
(function () {
  'use strict';
  var form = document.querySelector('form.trip-form');
  if (!form) return;
  var map;
  try {
    map = JSON.parse(form.getAttribute('data-directions') || '{}');
  } catch (e) {
    return;
  }
  var words = { e: 'eastbound', w: 'westbound', n: 'northbound', s: 'southbound' };
  var route = form.querySelector('#route');
  var direction = form.querySelector('#direction');
  if (!route || !direction) return;
  function update() {
    var allowed = map[route.value] || ['e', 'w', 'n', 's'];
    var current = direction.value;
    while (direction.firstChild) direction.removeChild(direction.firstChild);
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

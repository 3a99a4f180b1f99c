// colorize evaluate report: sorting, metric switches, enlarging. No network, no eval.
(function () {
  'use strict';

  function cellValue(row, index, numeric) {
    var cell = row.cells[index];
    if (!numeric) {
      return cell.textContent;
    }
    var text = cell.getAttribute('data-sort');
    var value = text === null || text === '' ? NaN : Number(text);
    return value;
  }

  function sortBy(table, header) {
    var index = Array.prototype.indexOf.call(header.parentNode.children, header);
    var numeric = header.getAttribute('data-type') === 'num';
    var ascending = !header.classList.contains('sorted-asc');
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index, numeric);
      var y = cellValue(b, index, numeric);
      var order;
      if (numeric) {
        if (isNaN(x) && isNaN(y)) { order = 0; }
        else if (isNaN(x)) { return 1; }  // empty cells last either way
        else if (isNaN(y)) { return -1; }
        else { order = x - y; }
      } else {
        order = x.localeCompare(y);
      }
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(header.parentNode.children, function (h) {
      h.classList.remove('sorted-asc', 'sorted-desc');
    });
    header.classList.add(ascending ? 'sorted-asc' : 'sorted-desc');
  }

  document.querySelectorAll('table.sortable').forEach(function (table) {
    table.tHead.querySelectorAll('th').forEach(function (header) {
      header.addEventListener('click', function () { sortBy(table, header); });
    });
  });

  document.querySelectorAll('select.switch').forEach(function (select) {
    var target = select.getAttribute('data-target');
    function show() {
      document.querySelectorAll('.switchable.' + target).forEach(function (block) {
        block.classList.toggle('shown', block.getAttribute('data-key') === select.value);
      });
    }
    select.addEventListener('change', show);
    show();
  });

  var lightbox = document.getElementById('lightbox');
  var large = lightbox.querySelector('img');
  document.addEventListener('click', function (event) {
    var image = event.target;
    if (image.tagName === 'IMG' && image.classList.contains('enlarge')) {
      large.src = image.src;
      large.alt = image.alt;
      lightbox.hidden = false;
    } else if (!lightbox.hidden && lightbox.contains(image)) {
      lightbox.hidden = true;
      large.removeAttribute('src');
    }
  });
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') { lightbox.hidden = true; }
  });
})();

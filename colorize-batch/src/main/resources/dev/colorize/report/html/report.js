// colorize reports: sorting, metric switches, enlarging, before/after slider.
// No network, no eval, no HTML built from strings: only attributes of the page's own elements.
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

  // Before/after: each gallery row's slider shows the left column's image over the right one's,
  // cut at the slider's value (percent of the width from the left).
  var left = document.getElementById('compare-before');
  var right = document.getElementById('compare-after');

  function imageOf(row, column) {
    var image = row.querySelector('td[data-column="' + column + '"] img');
    return image === null ? null : image.getAttribute('src');
  }

  function show(image, src) {
    if (src === null) {
      image.removeAttribute('src');
      image.alt = 'not kept';
    } else {
      image.src = src;
      image.alt = '';
    }
  }

  function split(cell) {
    var value = Number(cell.querySelector('input.compare-split').value);
    cell.querySelector('img.compare-left').style.clipPath = 'inset(0 ' + (100 - value) + '% 0 0)';
    cell.querySelector('.compare-view').style.setProperty('--split', value + '%');
  }

  function fillSliders() {
    document.querySelectorAll('td.compare').forEach(function (cell) {
      var row = cell.parentNode;
      show(cell.querySelector('img.compare-left'), imageOf(row, left.value));
      show(cell.querySelector('img.compare-right'), imageOf(row, right.value));
      split(cell);
    });
  }

  if (left !== null && right !== null) {
    left.addEventListener('change', fillSliders);
    right.addEventListener('change', fillSliders);
    document.addEventListener('input', function (event) {
      if (event.target.classList && event.target.classList.contains('compare-split')) {
        split(event.target.parentNode);
      }
    });
    fillSliders();
  }
})();

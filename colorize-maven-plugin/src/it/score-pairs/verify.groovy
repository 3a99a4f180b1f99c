// colorize:score forked the CLI, streamed its output into the Maven log and wrote the CSV.
def csv = new File(basedir, 'target/score/scores.csv')
assert csv.isFile() : "no ${csv}"
def lines = csv.readLines('UTF-8').findAll { !it.isBlank() }
def header = lines[0].split(',') as List
def metrics = ['psnr', 'ssim', 'colorfulness', 'colorfulness_truth', 'colorfulness_delta',
               'sharpness', 'contrast', 'delta_e2000']
assert header.containsAll(metrics) : "header ${header} lacks a metric column"
for (id in ['김치_0001', 'bibimbap_0002', 'tteok_0003']) {
  assert lines.any { it.contains(id) } : "no row for ${id} (Hangul must survive)"
}

def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert log.contains('[INFO] colorize score: ') : 'the CLI output was not streamed into the log'
return true

// colorize:evaluate wrote its configuration (nested <options> included), forked the CLI and
// produced the reports.
import groovy.json.JsonSlurper

def work = new File(basedir, 'target/colorize')
def config = new JsonSlurper().parse(new File(work, 'config/evaluate.json'), 'UTF-8')
assert config.imageSize == 32
assert config.datasets[0].path == new File(basedir, 'images').toPath().normalize().toString()
assert config.models[0].options == [renderFactor: '35'] : "options: ${config.models[0].options}"

def scores = new File(work, 'evaluate/scores.csv')
def summary = new File(work, 'evaluate/summary.csv')
assert scores.isFile() : "no ${scores}"
assert summary.isFile() : "no ${summary}"
def rows = scores.readLines('UTF-8').findAll { !it.isBlank() }
assert rows[0].startsWith('dataset,model,sample_id,class') : "header: ${rows[0]}"
assert rows.size() == 1 + 6 : "expected 6 image rows, got ${rows.size() - 1}"
assert rows.count { it.contains('김치') } == 3 : 'Hangul class names must survive'

def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert log.contains('[INFO] colorize evaluate: ') : 'the CLI output was not streamed into the log'
return true

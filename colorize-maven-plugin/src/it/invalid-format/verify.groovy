// The build failed on the configuration, before anything was written or forked.
def log = new File(basedir, 'build.log').getText('UTF-8')

def sentence = "<datasets><dataset>[1] 'food' <format> is 'jpeg-folder', not a known dataset" +
    " format; use one of: aihub-food, aihub-object, folder, manifest"
assert log.contains(sentence) : "build.log lacks the validation sentence"
assert log.contains("mvn colorize:help -Ddetail -Dgoal=evaluate") : "build.log lacks the hint"
assert log.contains('BUILD FAILURE')
assert !new File(basedir, 'target/colorize/config/evaluate.json').exists() :
    'an invalid configuration was written'
assert !log.contains('dev.colorize.cli.ColorizeCli') : 'the CLI was forked for an invalid configuration'
return true

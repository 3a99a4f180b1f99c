// colorize:colorize forked the CLI, wrote every photo at its own size to the mirrored path and
// listed the broken one with its reason.
import javax.imageio.ImageIO

def out = new File(basedir, 'target/colour')
def sizes = ['1950s/family.jpg': [320, 240], '궁궐/gate.jpg': [150, 260], 'scan.png': [97, 61]]
sizes.each { name, size ->
  def file = new File(out, name)
  assert file.isFile() : "no ${file}"
  def image = ImageIO.read(file)
  assert [image.width, image.height] == size : "${name}: ${image.width}x${image.height}"
}
assert !new File(out, '1950s/truncated.jpg').exists()

def work = new File(basedir, 'target/colorize')
def config = new File(work, 'config/colorize.json')
assert config.isFile() : "no ${config}"
def colorized = new File(work, 'colorize/colorized.csv').readLines('UTF-8')
    .findAll { !it.isBlank() }
assert colorized.size() == 1 + 3 : "colorized.csv: ${colorized}"
assert colorized.count { it.contains('궁궐') } == 1 : 'Hangul folder names must survive'
def skipped = new File(work, 'colorize/skipped.csv').readLines('UTF-8')
    .findAll { !it.isBlank() }
assert skipped.size() == 2 && skipped[1].contains('TRUNCATED') : "skipped.csv: ${skipped}"
assert new File(work, 'colorize/run.json').isFile()

def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert log.contains("[INFO] colorize colorize: model 'baseline'") : 'CLI output not streamed'
return true

// Makes the photos: gray one-channel JPEGs and an RGB PNG with R = G = B, in nested and Hangul
// folders, plus a truncated JPEG. Generated here so no binary is committed.
import java.awt.Color
import java.awt.image.BufferedImage
import javax.imageio.ImageIO

def photo(int width, int height, long seed, int type) {
  def random = new Random(seed)
  def image = new BufferedImage(width, height, type)
  def g = image.createGraphics()
  g.color = new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256))
  g.fillRect(0, 0, width, height)
  6.times {
    def v = random.nextInt(256)
    g.color = new Color(v, v, v)
    g.fillOval(random.nextInt(width), random.nextInt(height), 20 + random.nextInt(width),
        20 + random.nextInt(height))
  }
  g.dispose()
  image
}

def photos = new File(basedir, 'photos')
new File(photos, '1950s').mkdirs()
new File(photos, '궁궐').mkdirs()
def gray = BufferedImage.TYPE_BYTE_GRAY
ImageIO.write(photo(320, 240, 1, gray), 'jpg', new File(photos, '1950s/family.jpg'))
ImageIO.write(photo(150, 260, 2, gray), 'jpg', new File(photos, '궁궐/gate.jpg'))
ImageIO.write(photo(97, 61, 3, BufferedImage.TYPE_INT_RGB), 'png', new File(photos, 'scan.png'))
def good = new File(photos, '1950s/family.jpg').bytes
new File(photos, '1950s/truncated.jpg').bytes = Arrays.copyOf(good, (int) (good.length / 2))
return true

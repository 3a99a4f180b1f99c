/**
 * Streaming dataset readers: turn a dataset on disk into {@link dev.colorize.dataset.Sample}
 * references (id, file, class, crop, instance boxes, split) without decoding images.
 *
 * <h2>Conventions (all formats)</h2>
 *
 * <ul>
 *   <li><b>Ids</b> are the image path relative to the dataset root, '/'-separated, every name in
 *       Unicode NFC (macOS delivers Hangul names decomposed, NFD). Labels and categories are NFC
 *       too. Two names in one folder that are equal after NFC are reported; the second is skipped.
 *   <li><b>Order</b> is deterministic: depth-first, each folder's entries sorted by NFC name (Java
 *       {@code String} order, raw name as tie-break), whatever the filesystem or creation order.
 *   <li><b>Streaming</b>: one folder listing per level is held, never the whole tree; nothing is
 *       listed beyond what the requested samples need. The split filter, then the per-class limit
 *       (per category and label), then the global limit are applied before any annotation file is
 *       parsed; {@link dev.colorize.dataset.ReadStats} shows how much was touched.
 *   <li><b>Splits</b> come from a hash of the id ({@link dev.colorize.dataset.SplitAssigner}), so
 *       they are stable across machines and dataset growth; a manifest {@code split} column
 *       overrides it.
 *   <li><b>Skipped silently</b>: entries whose name starts with '.', files whose extension (any
 *       case) is not jpg, jpeg, png, gif, bmp, tif, tiff or webp. Readers do not open images, so a
 *       corrupt image is found later, by the decoder.
 *   <li><b>Refused and reported</b>: anything leading outside the root (manifest rows with absolute
 *       paths elsewhere or {@code ..}, symbolic links whose target is outside), symbolic link loops.
 *   <li><b>Issues</b>: a bad line or file goes to the {@link dev.colorize.dataset.DatasetIssueListener}
 *       with file and line, and the read goes on. Only an unusable root or manifest header throws
 *       ({@link dev.colorize.dataset.DatasetException}); bad settings throw {@link
 *       dev.colorize.dataset.InvalidDatasetSpecException}.
 * </ul>
 *
 * <h2>{@code aihub-food} (AI Hub "한국 이미지(음식)")</h2>
 *
 * <pre>
 * root/&lt;category 대분류&gt;/&lt;class 소분류&gt;/Img_CCC_NNNN.&lt;jpg|JPG|jpeg|png|PNG|gif|bmp&gt;
 * root/&lt;category&gt;/&lt;class&gt;/crop_area.properties     Img_000_0000=x,y,w,h   (no header)
 * </pre>
 *
 * Label = class folder, category = category folder (a class may share its category's name, 만두/만두,
 * or contain '_', 곰탕_설렁탕). Images less than two folders deep are reported and skipped; deeper
 * trees use the two folders above the image. Each {@code crop_area.properties} is read once, when the
 * first sample of its folder is returned; it may be UTF-8 or EUC-KR/cp949. Entry quirks handled: a
 * word ({@code dissimilar}, {@code open}; kept as attribute {@code crop_note}) or comma before the
 * numbers, text after them, two numbers ({@code w,h} at 0,0). Lines with no {@code =} or with 0, 1, 3
 * or more than 4 numbers are reported; those images, like images without an entry, get no crop
 * (null): the whole image is used. Whether four numbers are {@code x,y,w,h} or corners is decided per
 * image size by {@link dev.colorize.dataset.CropArea#resolve}. The crop is the prepared region by
 * default; with {@code <cropAs>instance} ({@link dev.colorize.dataset.CropAs}) preparation keeps
 * the whole image and adds the crop box to the instance boxes.
 *
 * <h2>{@code aihub-object} (AI Hub "한국형 사물 이미지")</h2>
 *
 * <pre>
 * .../&lt;ID&gt;_&lt;대분류&gt;_&lt;f2&gt;_&lt;f3&gt;_&lt;f4&gt;_&lt;객체명&gt;/&lt;ID&gt;_NNNN_NNNN.jpg  (+ same-name .json)
 * </pre>
 *
 * Label = 객체명 (may contain '_'), category = 대분류; attributes {@code object_id}, {@code f2},
 * {@code f3}, {@code f4}. Folders whose name has fewer fields are reported once and their images
 * skipped (a wrong class would corrupt per-class results). From the JSON: every {@code
 * regions[i].boxcorners = [lx, ly, rx, ry]} becomes an instance box (reversed corners swapped,
 * degenerate boxes reported); {@code regions[0].tags[t]} becomes attribute {@code tag.t}, {@code
 * regions[0].sem_ext[s].value} becomes {@code sem_ext.s} (later regions use the prefix {@code
 * region.i.}). A missing or malformed JSON is reported and the image is still returned, without
 * instances.
 *
 * <h2>{@code folder}</h2>
 *
 * Any tree of images; label = parent folder name (for images directly in the root, the root's
 * name), category empty.
 *
 * <h2>{@code manifest}</h2>
 *
 * A UTF-8 CSV with header {@code path,class[,split][,category]} (further columns become
 * attributes). Paths are relative to the manifest's folder or absolute, and must be inside the root
 * (the manifest's folder unless a separate root is given). See {@code ManifestReader}.
 */
package dev.colorize.dataset;

package org.ucospark.report;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/** The check every report test makes of its page: links resolve, PNGs decode. */
public final class ReportLinks {
  private ReportLinks() {}

  /**
   * Every {@code src}/{@code href} of the page names an existing file relative to it (other than
   * http(s) and fragment links); every PNG beside it and every linked PNG decodes. Returns the
   * local links.
   */
  public static List<String> assertLinksResolveAndPngsDecode(Path index) throws Exception {
    String html = Files.readString(index);
    Matcher m = Pattern.compile("(?:src|href)\\s*=\\s*\"([^\"]+)\"").matcher(html);
    List<String> links = new ArrayList<>();
    while (m.find()) {
      String link = m.group(1).replace("&amp;", "&");
      if (link.startsWith("http://") || link.startsWith("https://") || link.startsWith("#")) {
        continue;
      }
      Path target =
          index.getParent().resolve(java.net.URLDecoder.decode(link, "UTF-8")).normalize();
      assertTrue(Files.isRegularFile(target), "link " + link + " resolves");
      if (link.endsWith(".png")) {
        assertNotNull(ImageIO.read(target.toFile()), link + " decodes");
      }
      links.add(link);
    }
    assertTrue(!links.isEmpty(), "the page has links");
    try (var files = Files.list(index.getParent())) {
      for (Path png : files.filter(p -> p.toString().endsWith(".png")).toList()) {
        assertNotNull(ImageIO.read(png.toFile()), png + " decodes");
      }
    }
    return links;
  }
}

package org.recoverybench.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * The parts of the containers lab and of the external lab's engine endpoints that need no Docker
 * engine and no server: image tags from the pom, the choice of images, and the checks of {@code
 * --flink-rest} and {@code --spark-master}.
 */
class ContainersLabTest {
  @AfterEach
  void clear() {
    System.clearProperty(ContainersLab.IMAGES_PROPERTY);
  }

  private static String pom(String property) throws Exception {
    Path pom = Dist.home().resolve("pom.xml");
    var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    Element props = (Element) doc.getElementsByTagName("properties").item(0);
    return props.getElementsByTagName(property).item(0).getTextContent().trim();
  }

  @Test
  void imageTagsCarryThePomVersions() throws Exception {
    Map<String, String> official = ContainersLab.imageTags(ContainersLab.Images.OFFICIAL);
    assertThat(official)
        .containsEntry("kafka", "apache/kafka:" + pom("kafka.version"))
        .containsEntry("s3", "minio/minio:" + pom("minio.image.version"))
        .containsEntry("postgres", "postgres:" + pom("postgres.image.version"))
        .hasSize(3);
    Map<String, String> local = ContainersLab.imageTags(ContainersLab.Images.LOCAL);
    assertThat(local)
        .containsEntry("kafka", "recoverybench-local/kafka:" + pom("kafka.version"))
        .containsEntry("s3", "recoverybench-local/s3proxy:" + pom("s3proxy.version"))
        .containsEntry("postgres", "recoverybench-local/postgres:" + pom("postgres.image.version"))
        .hasSize(3);
  }

  @Test
  void theImagesAreChosenByPropertyAndABadValueIsOneLine() {
    System.setProperty(ContainersLab.IMAGES_PROPERTY, "local");
    assertThat(ContainersLab.Images.configured()).isEqualTo(ContainersLab.Images.LOCAL);
    System.setProperty(ContainersLab.IMAGES_PROPERTY, " Official ");
    assertThat(ContainersLab.Images.configured()).isEqualTo(ContainersLab.Images.OFFICIAL);
    System.setProperty(ContainersLab.IMAGES_PROPERTY, "hub");
    assertThatThrownBy(ContainersLab.Images::configured)
        .isInstanceOf(LabException.class)
        .hasMessage("RECOVERYBENCH_CONTAINER_IMAGES must be official, local or auto, not 'hub'");
  }

  @Test
  void existingEnginesAreCheckedForShape() {
    ExistingEngines e = new ExistingEngines("http://127.0.0.1:8081/", " spark://10.1.2.3:7077 ");
    assertThat(e.flink()).contains("http://127.0.0.1:8081");
    assertThat(e.flinkHostPort()).contains("127.0.0.1:8081");
    assertThat(e.spark()).contains("spark://10.1.2.3:7077");
    assertThat(new ExistingEngines("", null)).isEqualTo(ExistingEngines.NONE);
    assertThatThrownBy(() -> new ExistingEngines("127.0.0.1:8081", null))
        .isInstanceOf(LabException.class)
        .hasMessage("--flink-rest must look like http://host:port, not '127.0.0.1:8081'");
    assertThatThrownBy(() -> new ExistingEngines(null, "local[2]"))
        .isInstanceOf(LabException.class)
        .hasMessage("--spark-master must look like spark://host:port, not 'local[2]'");
  }

  @Test
  void anExternalLabWithoutEnginesUsesNone() {
    assertThat(new ExternalLab(null, Path.of("x")).engines()).isEqualTo(ExistingEngines.NONE);
  }
}

package com.made.allocation.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.made.allocation.adapters.jooq.TestDatabases;
import com.made.allocation.adapters.jooq.sql.DatabaseSettings;
import com.made.allocation.bootstrap.e2e.TestBroker.Published;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.CloseableDSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * deploy/allocation.yaml, played by podman: its Deployment's pod as one pod on the host's network with a
 * container per replica, each on a port of its own, its ConfigMap with the test's settings, its Secret with
 * the test's passwords, against a database and a broker exchange of the test. Allocations sent through both
 * replicas are stored once and published once; the probes' paths answer as the manifest expects; a stop of
 * the pod ends both replicas with exit code 0.
 */
class DeploymentIT {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path MANIFEST = Path.of("..", "deploy", "allocation.yaml");

    private final DatabaseSettings database = TestDatabases.freshPostgres();
    private final CloseableDSLContext sql = DSL.using(database.url(), database.user(), database.password());
    private final TestBroker broker = TestBroker.shared();
    private final String name = "allocation-it-" + UUID.randomUUID().toString().substring(0, 8);
    private final Path played = Path.of("target", name + ".yaml");
    private String secret;

    @AfterEach
    void cleanUp() throws IOException {
        Podman.quietly("pod", "rm", "--force", "--ignore", name);
        if (secret != null) {
            Podman.quietly("secret", "rm", secret);
        }
        Files.deleteIfExists(played);
        broker.close();
        sql.close();
    }

    @Test
    void twoReplicasStoreAndPublishEachAllocationOnceAnswerTheirProbesAndStopWithExitCodeZero() throws Exception {
        String image = Podman.image();
        Manifest manifest = Manifest.read(MANIFEST);
        int[] ports = {FreePort.find(), FreePort.find()};
        play(manifest, image, ports);

        List<Http> replicas = List.of(new Http(ports[0]), new Http(ports[1]));
        for (int replica = 0; replica < 2; replica++) {
            awaitReady(replicas.get(replica), manifest.readinessPath(), manifest.replicaNames(name).get(replica));
        }
        for (JsonNode probe : manifest.probes()) {
            String path = probe.at("/httpGet/path").asText();
            for (Http http : replicas) {
                assertThat(http.get(path).statusCode()).as("probe " + path).isBetween(200, 399);
            }
        }

        assertThat(replicas.get(0).addBatch("b1", "LAMP", 100, null).statusCode()).isEqualTo(201);
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String orderid = "order-" + i;
            orders.add(orderid);
            assertThat(replicas.get(i % 2).allocate(orderid, "LAMP", 1).statusCode()).isEqualTo(201);
        }

        assertThat(sql.fetch("SELECT orderid FROM allocations").getValues(0, String.class))
                .containsExactlyInAnyOrderElementsOf(orders);
        ServiceProcess.waitFor(Duration.ofSeconds(30), () -> ((Number) sql.fetchValue(
                "SELECT COUNT(*) FROM publications")).longValue() == 0,
                "every event published");
        List<Published> events = broker.eventsUntilQuiet(Duration.ofSeconds(1));
        PublishedEvents.assertConsistent(events, sql);
        assertThat(events.stream().map(event -> event.body().get("orderid").asText()))
                .containsExactlyInAnyOrderElementsOf(orders);

        Podman.run(Duration.ofSeconds(90), "pod", "stop", "--time", "30", name);
        for (String container : manifest.replicaNames(name)) {
            assertThat(Podman.run(Duration.ofSeconds(30), "inspect", "--format", "{{.State.ExitCode}}", container))
                    .as("exit code of " + container).isEqualTo("0");
        }
    }

    /**
     * Writes what podman can play of the manifest, and plays it. Two differences from a cluster: with host
     * networking there are no port mappings, so each replica is a container of one pod, told its port by
     * HTTP_PORT (podman lets the ConfigMap win over a container's own env, hence none there); and podman
     * reads a secret as a JSON map of base64 values, so the Secret is created as one.
     */
    private void play(Manifest manifest, String image, int[] ports) throws IOException {
        ObjectNode settings = manifest.configMap().deepCopy();
        settings.withObjectProperty("metadata").put("name", name + "-settings");
        ObjectNode data = settings.withObjectProperty("data");
        data.remove("HTTP_PORT");
        data.put("DATABASE_URL", database.url()).put("DATABASE_USER", database.user())
                .put("SHUTDOWN_DRAIN_MS", "0");
        broker.serviceEnv().forEach((key, value) -> {
            if (!key.equals("AMQP_URL")) {
                data.put(key, value);
            }
        });
        assertThat(manifest.secretKeys()).containsExactlyInAnyOrder("DATABASE_PASSWORD", "AMQP_URL");
        secret = name + "-secrets";
        Map<String, String> secrets = Map.of("DATABASE_PASSWORD", database.password(),
                "AMQP_URL", broker.serviceEnv().get("AMQP_URL"));
        ObjectNode encoded = JSON.createObjectNode();
        secrets.forEach((key, value) -> encoded.put(key,
                Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        Podman.runWithInput(Duration.ofSeconds(30), JSON.writeValueAsString(encoded), "secret", "create", secret, "-");

        ObjectNode pod = YAML.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
        pod.set("metadata", manifest.podTemplate().get("metadata").deepCopy());
        ((ObjectNode) pod.get("metadata")).put("name", name);
        ObjectNode spec = manifest.podTemplate().get("spec").deepCopy();
        spec.put("hostNetwork", true);
        ArrayNode containers = spec.putArray("containers");
        for (int replica = 0; replica < 2; replica++) {
            ObjectNode container = manifest.container().deepCopy();
            container.put("name", Manifest.replicaName(replica)).put("image", image);
            container.remove("ports");
            container.withArrayProperty("envFrom").forEach(from ->
                    ((ObjectNode) from.get("configMapRef")).put("name", settings.at("/metadata/name").asText()));
            container.withArrayProperty("env").forEach(variable -> {
                JsonNode ref = variable.at("/valueFrom/secretKeyRef");
                if (!ref.isMissingNode()) {
                    ((ObjectNode) ref).put("name", secret);
                }
            });
            container.withArrayProperty("env").addObject().put("name", "HTTP_PORT").put("value", String.valueOf(ports[replica]));
            for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                if (container.has(probe)) {
                    ((ObjectNode) container.get(probe).get("httpGet")).put("port", ports[replica]);
                }
            }
            containers.add(container);
        }
        pod.set("spec", spec);
        Files.writeString(played, YAML.writeValueAsString(settings) + YAML.writeValueAsString(pod));
        Podman.run(Duration.ofSeconds(120), "kube", "play", played.toString());
    }

    private static boolean answers(Http http, String path) {
        try {
            return http.get(path).statusCode() == 200;
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    private static void awaitReady(Http http, String readinessPath, String container) {
        try {
            ServiceProcess.waitFor(Duration.ofSeconds(90), () -> answers(http, readinessPath), container + " to be ready");
        } catch (AssertionError notReady) {
            throw new AssertionError(notReady.getMessage() + "; its log:\n"
                    + Podman.run(Duration.ofSeconds(30), "logs", "--tail", "30", container), notReady);
        }
    }

    /** The documents of deploy/allocation.yaml, and what a cluster would check of them. */
    private record Manifest(ObjectNode configMap, ObjectNode secret, ObjectNode deployment, ObjectNode service) {

        static Manifest read(Path file) throws IOException {
            Map<String, ObjectNode> byKind = new HashMap<>();
            try (var documents = YAML.readerFor(ObjectNode.class).<ObjectNode>readValues(file.toFile())) {
                documents.forEachRemaining(document -> byKind.put(document.get("kind").asText(), document));
            }
            Manifest manifest = new Manifest(byKind.get("ConfigMap"), byKind.get("Secret"),
                    byKind.get("Deployment"), byKind.get("Service"));
            manifest.check();
            return manifest;
        }

        /** What holds the manifest together: names, ports, labels, the settings' and passwords' sources. */
        private void check() {
            assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
            JsonNode labels = podTemplate().at("/metadata/labels");
            assertThat(deployment.at("/spec/selector/matchLabels")).isEqualTo(labels);
            assertThat(service.at("/spec/selector")).isEqualTo(labels);
            assertThat(service.at("/spec/ports/0/targetPort").asText()).isEqualTo(container().at("/ports/0/name").asText());
            int port = container().at("/ports/0/containerPort").asInt();
            assertThat(configMap.at("/data/HTTP_PORT").asText()).isEqualTo(String.valueOf(port));
            JsonNode annotations = podTemplate().at("/metadata/annotations");
            assertThat(annotations.get("prometheus.io/scrape").asText()).isEqualTo("true");
            assertThat(annotations.get("prometheus.io/path").asText()).isEqualTo("/metrics");
            assertThat(annotations.get("prometheus.io/port").asText()).isEqualTo(String.valueOf(port));
            assertThat(container().at("/envFrom/0/configMapRef/name").asText())
                    .isEqualTo(configMap.at("/metadata/name").asText());
            container().withArrayProperty("env").forEach(variable -> assertThat(variable.at("/valueFrom/secretKeyRef/name")
                    .asText()).isEqualTo(secret.at("/metadata/name").asText()));
            assertThat(container().at("/resources/limits/memory").isMissingNode()).isFalse();
            assertThat(container().has("readinessProbe") && container().has("livenessProbe")).isTrue();
            assertThat(podTemplate().at("/spec/securityContext/runAsNonRoot").asBoolean()).isTrue();
            long grace = podTemplate().at("/spec/terminationGracePeriodSeconds").asLong();
            long stopBound = configMap.at("/data/SHUTDOWN_DRAIN_MS").asLong()
                    + configMap.at("/data/SHUTDOWN_GRACE_MS").asLong() + 5_000;
            assertThat(grace * 1000).as("terminationGracePeriodSeconds covers the service's stop").isGreaterThan(stopBound);
        }

        ObjectNode podTemplate() {
            return (ObjectNode) deployment.at("/spec/template");
        }

        ObjectNode container() {
            return (ObjectNode) podTemplate().at("/spec/containers/0");
        }

        String readinessPath() {
            return container().at("/readinessProbe/httpGet/path").asText();
        }

        List<JsonNode> probes() {
            List<JsonNode> probes = new ArrayList<>();
            for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                if (container().has(probe)) {
                    probes.add(container().get(probe));
                }
            }
            return probes;
        }

        List<String> secretKeys() {
            List<String> keys = new ArrayList<>();
            secret.withObjectProperty("stringData").fieldNames().forEachRemaining(keys::add);
            return keys;
        }

        static String replicaName(int replica) {
            return "replica-" + (replica + 1);
        }

        /** podman names a pod's containers after the pod and the container. */
        List<String> replicaNames(String pod) {
            return List.of(pod + "-" + replicaName(0), pod + "-" + replicaName(1));
        }
    }
}

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.Optional;

/**
 * The broker's floor: what RabbitMQ alone costs per event on this machine, without the service or the
 * database. It publishes messages shaped as the service's events (persistent, mandatory, confirmed JSON of
 * the same size, routing keys over 100 SKUs) to an exchange of its own with one durable queue bound to all,
 * in batches as the relay sends its waves, for a while; then prints the messages per second and the CPU the
 * broker's Erlang VM spent per message (when it runs on this machine). Run with the service jar on the class
 * path, which holds the AMQP client:
 *
 *   java -cp SERVICE.jar bench/amqp/BrokerFloor.java URL SECONDS BATCH
 */
public class BrokerFloor {

    private static final String EXCHANGE = "bench.floor";
    private static final String QUEUE = "bench.floor-events";

    public static void main(String[] args) throws Exception {
        int seconds = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[2]);
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(args[0]);
        try (Connection connection = factory.newConnection("bench-floor"); Channel channel = connection.createChannel()) {
            channel.exchangeDeclare(EXCHANGE, BuiltinExchangeType.TOPIC, true);
            channel.queueDelete(QUEUE);
            channel.queueDeclare(QUEUE, true, false, false, null);
            channel.queueBind(QUEUE, EXCHANGE, "#");
            channel.confirmSelect();
            channel.addReturnListener(back -> {
                throw new IllegalStateException("returned: " + back.getReplyText());
            });
            Optional<Path> beam = ProcessHandle.allProcesses()
                    .filter(process -> process.info().command().orElse("").endsWith("beam.smp"))
                    .findFirst().map(process -> Path.of("/proc", String.valueOf(process.pid()), "stat"));
            long ticks0 = ticks(beam);
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            long sent = 0;
            while (System.nanoTime() < end) {
                for (int i = 0; i < batch; i++, sent++) {
                    String sku = "BENCH-SKU-" + (sent % 100 + 1);
                    String body = "{\"type\":\"allocated\",\"orderid\":\"order-" + sent + "\",\"sku\":\"" + sku
                            + "\",\"qty\":1,\"batchref\":\"" + sku + "-stock\",\"version\":" + (sent / 100 + 2) + "}";
                    AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                            .messageId(Long.toString(sent)).type("allocated").contentType("application/json")
                            .contentEncoding("utf-8").deliveryMode(2).timestamp(new Date()).appId("bench-floor")
                            .build();
                    channel.basicPublish(EXCHANGE, "allocated." + sku, true, properties,
                            body.getBytes(StandardCharsets.UTF_8));
                }
                channel.waitForConfirmsOrDie(10_000);
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            long ticks = ticks(beam) - ticks0;
            System.out.printf("broker floor: %d messages in %.1f s, %.1f messages/s, batches of %d; RabbitMQ CPU %s ms/message%n",
                    sent, elapsed, sent / elapsed, batch,
                    beam.isPresent() ? String.format("%.3f", ticks * 10.0 / sent) : "- (not on this machine)");
            channel.queueDelete(QUEUE);
            channel.exchangeDelete(EXCHANGE);
        }
    }

    /** The Erlang VM's CPU time so far, in clock ticks (100 a second on Linux), or 0 when it is elsewhere. */
    private static long ticks(Optional<Path> stat) throws Exception {
        if (stat.isEmpty()) {
            return 0;
        }
        String[] fields = Files.readString(stat.get()).replaceFirst(".*\\) ", "").split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
    }
}

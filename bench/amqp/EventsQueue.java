import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

/**
 * The benchmark's listener on the broker: a durable queue bound to every event of the service's exchange,
 * as another service would bind one (without it, every event is returned and ends up dead). Run with the
 * service jar on the class path, which holds the AMQP client:
 *
 *   java -cp SERVICE.jar bench/amqp/EventsQueue.java declare|count|delete URL EXCHANGE QUEUE
 */
public class EventsQueue {
    public static void main(String[] args) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(args[1]);
        try (Connection connection = factory.newConnection("bench"); Channel channel = connection.createChannel()) {
            switch (args[0]) {
                case "declare" -> {
                    channel.exchangeDeclare(args[2], BuiltinExchangeType.TOPIC, true);
                    channel.queueDelete(args[3]);
                    channel.queueDeclare(args[3], true, false, false, null);
                    channel.queueBind(args[3], args[2], "#");
                }
                case "count" -> System.out.println(channel.queueDeclarePassive(args[3]).getMessageCount());
                case "delete" -> channel.queueDelete(args[3]);
                default -> throw new IllegalArgumentException("declare, count or delete");
            }
        }
    }
}

package com.made.allocation.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.made.allocation.adapters.jooq.Locking;
import com.made.allocation.entrypoints.admission.AdaptiveAdmission;
import com.made.allocation.entrypoints.admission.AdaptiveLimits;
import com.made.allocation.entrypoints.admission.Admission;
import com.made.allocation.entrypoints.admission.FixedAdmission;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void withNothingConfiguredRunsEmbeddedOnPort5005AndLogsMail() {
        Settings settings = Settings.from(Map.of());

        assertThat(settings.database().url()).startsWith("jdbc:h2:file:./data/");
        assertThat(settings.httpPort()).isEqualTo(5005);
        assertThat(settings.smtp()).isEmpty();
        assertThat(settings.locking()).isEqualTo(Locking.PESSIMISTIC);
        assertThat(settings.shutdownGrace()).hasSeconds(10);
        assertThat(settings.shutdownDrain()).isZero();
        assertThat(settings.adminToken()).isEmpty();
        assertThat(settings.outbox().maxAttempts()).isEqualTo(8);
        assertThat(settings.outbox().lease()).hasSeconds(30);
        assertThat(settings.broker()).isEmpty();
        assertThat(settings.busGroupMax()).isEqualTo(8);
    }

    @Test
    void anH2FileDatabaseWritesEachCommitBeforeItIsAcknowledged() {
        assertThat(Settings.from(Map.of()).database().url()).endsWith(";WRITE_DELAY=0");
        assertThat(Settings.from(Map.of()).durabilityWarning()).isEmpty();

        Settings given = Settings.from(Map.of("DATABASE_URL", "jdbc:h2:file:/var/lib/alloc/db;MODE=PostgreSQL"));
        assertThat(given.database().url()).isEqualTo("jdbc:h2:file:/var/lib/alloc/db;MODE=PostgreSQL;WRITE_DELAY=0");
        assertThat(given.durabilityWarning()).isEmpty();

        Settings delayed = Settings.from(Map.of("DATABASE_URL", "jdbc:h2:./db;write_delay=500;MODE=PostgreSQL"));
        assertThat(delayed.database().url()).isEqualTo("jdbc:h2:./db;write_delay=500;MODE=PostgreSQL");
        assertThat(delayed.durabilityWarning()).get(InstanceOfAssertFactories.STRING)
                .startsWith("DATABASE_URL sets WRITE_DELAY=500: H2 may lose");

        assertThat(Settings.from(Map.of()).database().poolSize()).isEqualTo(1);
        Settings wide = Settings.from(Map.of("DATABASE_POOL_SIZE", "4"));
        assertThat(wide.database().poolSize()).isEqualTo(4);
        assertThat(wide.durabilityWarning()).get(InstanceOfAssertFactories.STRING)
                .startsWith("DATABASE_POOL_SIZE=4 on an H2 file");

        assertThat(Settings.from(Map.of("DATABASE_URL", "jdbc:h2:mem:x")).database().url()).isEqualTo("jdbc:h2:mem:x");
        assertThat(Settings.from(Map.of("DATABASE_URL", "jdbc:h2:mem:x")).database().poolSize()).isEqualTo(10);
        assertThat(Settings.from(Map.of("DATABASE_URL", "jdbc:postgresql://db/a")).database().poolSize()).isEqualTo(10);
        assertThat(Settings.from(Map.of("DATABASE_URL", "jdbc:postgresql://db/a")).database().url())
                .isEqualTo("jdbc:postgresql://db/a");
    }

    @Test
    void aBrokerUrlBringsTheBrokerWithDefaultNamesAndItsPasswordStaysOutOfTheLog() {
        Settings settings = Settings.from(Map.of("AMQP_URL", "amqp://alloc:pa55@rabbit:5673/prod"));

        assertThat(settings.broker()).get().satisfies(broker -> {
            assertThat(broker.url()).hasToString("amqp://alloc:pa55@rabbit:5673/prod");
            assertThat(broker.exchange()).isEqualTo("allocation.events");
            assertThat(broker.commandQueue()).isEqualTo("allocation.commands");
            assertThat(broker.deadLetterQueue()).isEqualTo("allocation.commands.dead");
        });
        assertThat(settings.describe()).doesNotContain("pa55", "alloc:")
                .contains("broker=amqp://rabbit:5673/prod exchange allocation.events queue allocation.commands");
        assertThat(Settings.from(Map.of("AMQP_URL", "amqp://h", "AMQP_EXCHANGE", "e.x", "AMQP_COMMAND_QUEUE", "q-1"))
                .broker()).get().satisfies(broker -> {
                    assertThat(broker.exchange()).isEqualTo("e.x");
                    assertThat(broker.commandQueue()).isEqualTo("q-1");
                });
    }

    @Test
    void aBadBrokerSettingIsNamedClearly() {
        assertThatThrownBy(() -> Settings.from(Map.of("AMQP_URL", "http://rabbit")))
                .isInstanceOf(InvalidConfiguration.class)
                .hasMessage("AMQP_URL must be an amqp:// or amqps:// URL with a host");
        assertThatThrownBy(() -> Settings.from(Map.of("AMQP_URL", "amqp://ra bbit")))
                .hasMessage("AMQP_URL must be an amqp:// or amqps:// URL");
        assertThatThrownBy(() -> Settings.from(Map.of("AMQP_URL", "amqp://rabbit", "AMQP_EXCHANGE", "bad name")))
                .hasMessage("AMQP_EXCHANGE must be 1 to 200 letters, digits or . _ : -");
    }

    @Test
    void readsEverySetting() {
        Settings settings = Settings.from(Map.ofEntries(entries(
                "DATABASE_URL", "jdbc:postgresql://db:5432/allocation", "DATABASE_USER", "alloc",
                "DATABASE_PASSWORD", "s3cret", "DATABASE_POOL_SIZE", "12", "HTTP_PORT", "8080",
                "SMTP_HOST", "mail", "SMTP_PORT", "2525", "SMTP_FROM", "ops@made.com", "LOCKING", "optimistic",
                "ADMIN_TOKEN", "t0ken", "OUTBOX_MAX_ATTEMPTS", "3", "OUTBOX_RETRY_BASE_MS", "50",
                "OUTBOX_POLL_MS", "100", "OUTBOX_LEASE_MS", "2000", "SHUTDOWN_GRACE_MS", "3000",
                "SHUTDOWN_DRAIN_MS", "1500", "BUS_GROUP_MAX", "1")));

        assertThat(settings.database().url()).isEqualTo("jdbc:postgresql://db:5432/allocation");
        assertThat(settings.database().user()).isEqualTo("alloc");
        assertThat(settings.database().password()).isEqualTo("s3cret");
        assertThat(settings.database().poolSize()).isEqualTo(12);
        assertThat(settings.httpPort()).isEqualTo(8080);
        assertThat(settings.smtp()).get().satisfies(smtp -> {
            assertThat(smtp.host()).isEqualTo("mail");
            assertThat(smtp.port()).isEqualTo(2525);
            assertThat(smtp.from()).isEqualTo("ops@made.com");
        });
        assertThat(settings.locking()).isEqualTo(Locking.OPTIMISTIC);
        assertThat(settings.adminToken()).contains("t0ken");
        assertThat(settings.outbox().deliveryPolicy().maxAttempts()).isEqualTo(3);
        assertThat(settings.outbox().retryBase()).hasMillis(50);
        assertThat(settings.outbox().poll()).hasMillis(100);
        assertThat(settings.outbox().lease()).hasMillis(2000);
        assertThat(settings.shutdownGrace()).hasMillis(3000);
        assertThat(settings.shutdownDrain()).hasMillis(1500);
        assertThat(settings.busGroupMax()).as("groups off").isEqualTo(1);
        assertThat(settings.describe()).doesNotContain("s3cret", "t0ken").contains("alloc", "mail:2525", "admin=enabled");
    }

    @SuppressWarnings("unchecked")
    private static Map.Entry<String, String>[] entries(String... keysAndValues) {
        Map.Entry<String, String>[] entries = new Map.Entry[keysAndValues.length / 2];
        for (int i = 0; i < entries.length; i++) {
            entries[i] = Map.entry(keysAndValues[2 * i], keysAndValues[2 * i + 1]);
        }
        return entries;
    }

    @Test
    void badValuesAreNamedClearly() {
        assertThatThrownBy(() -> Settings.from(Map.of("HTTP_PORT", "abc")))
                .isInstanceOf(InvalidConfiguration.class)
                .hasMessage("HTTP_PORT must be an integer from 0 to 65535, was 'abc'");
        assertThatThrownBy(() -> Settings.from(Map.of("BUS_GROUP_MAX", "0")))
                .isInstanceOf(InvalidConfiguration.class)
                .hasMessage("BUS_GROUP_MAX must be an integer from 1 to 1000, was '0'");
        assertThatThrownBy(() -> Settings.from(Map.of("DATABASE_POOL_SIZE", "0")))
                .hasMessage("DATABASE_POOL_SIZE must be an integer from 1 to 1000, was '0'");
        assertThatThrownBy(() -> Settings.from(Map.of("SMTP_HOST", "mail", "SMTP_PORT", "70000")))
                .hasMessage("SMTP_PORT must be an integer from 1 to 65535, was '70000'");
        assertThatThrownBy(() -> Settings.from(Map.of("DATABASE_URL", "postgres://db")))
                .hasMessageContaining("DATABASE_URL");
        assertThatThrownBy(() -> Settings.from(Map.of("LOCKING", "sometimes")))
                .hasMessage("LOCKING must be pessimistic or optimistic, was 'sometimes'");
    }

    @Test
    void admissionIsAdaptiveByDefaultAndCanBeFixedOrOff() {
        AdmissionSettings byDefault = Settings.from(Map.of()).admission();
        assertThat(byDefault.mode()).isEqualTo(AdmissionSettings.Mode.ADAPTIVE);
        assertThat(byDefault.adaptive()).isEqualTo(new AdaptiveLimits(64, 16, 64));
        assertThat(byDefault.create()).isInstanceOf(AdaptiveAdmission.class);

        AdmissionSettings fixed = Settings.from(Map.of("ADMISSION", "fixed", "ADMISSION_FIXED_LIMIT", "24")).admission();
        assertThat(fixed.create()).isInstanceOf(FixedAdmission.class).extracting(Admission::limit).isEqualTo(24);
        assertThat(Settings.from(Map.of("ADMISSION", "OFF")).admission().create()).isSameAs(Admission.UNLIMITED);
        // A smaller maximum takes the start's default down with it, a larger minimum takes it up.
        assertThat(Settings.from(Map.of("ADMISSION_MAX_LIMIT", "30")).admission().adaptive())
                .isEqualTo(new AdaptiveLimits(30, 16, 30));
        assertThat(Settings.from(Map.of("ADMISSION_MIN_LIMIT", "100")).admission().adaptive())
                .isEqualTo(new AdaptiveLimits(100, 100, 100));

        assertThatThrownBy(() -> Settings.from(Map.of("ADMISSION", "sometimes")))
                .hasMessage("ADMISSION must be adaptive, fixed or off, was 'sometimes'");
        assertThatThrownBy(() -> Settings.from(Map.of("ADMISSION_MIN_LIMIT", "20", "ADMISSION_MAX_LIMIT", "10")))
                .hasMessage("ADMISSION_MAX_LIMIT must be an integer from 20 to 10000, was '10'");
    }
}

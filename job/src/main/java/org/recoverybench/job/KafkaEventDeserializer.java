package org.recoverybench.job;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Keeps each Kafka record's topic, partition and offset along with its key and value. */
public class KafkaEventDeserializer implements KafkaRecordDeserializationSchema<KafkaEvent> {
  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<KafkaEvent> out) {
    out.collect(KafkaEvent.of(record));
  }

  @Override
  public TypeInformation<KafkaEvent> getProducedType() {
    return TypeInformation.of(KafkaEvent.class);
  }
}

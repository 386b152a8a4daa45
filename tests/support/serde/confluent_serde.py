"""Confluent's own Schema Registry serializers as the reference for Stackdeck's decoders.

produce KIND: serializes fixed test records with confluent-kafka's AvroSerializer,
ProtobufSerializer or JSONSerializer (registering their schemas in the registry, as an
application would) and produces them; prints one JSON line per record with its
partition/offset and the value as the serializer was given it (the test's oracle).

consume KIND: reads COUNT records from the start of a topic and prints each value as
Confluent's deserializer decodes it (the oracle for what Stackdeck encodes).

raw: produces the bytes given in hex on stdin, one record per line (wire-format
headers for unknown ids and malformed payloads, which no serializer would write).
"""

import argparse
import base64
import importlib
import json
import os
import sys
import tempfile

from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.schema_registry import Schema, SchemaReference, SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.schema_registry.json_schema import JSONDeserializer, JSONSerializer
from confluent_kafka.schema_registry.protobuf import ProtobufDeserializer, ProtobufSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

HERE = os.path.dirname(os.path.abspath(__file__))
BIG = 2**53 + 1  # not representable as a double: a decoder that goes through Number shows ...992

MONEY_AVSC = {
    "type": "record",
    "name": "Money",
    "namespace": "stackdeck.common",
    "fields": [{"name": "currency", "type": "string"}, {"name": "cents", "type": "long"}],
}
ORDER_AVSC = {
    "type": "record",
    "name": "Order",
    "namespace": "stackdeck.orders",
    "fields": [
        {"name": "id", "type": "string"},
        {"name": "bigId", "type": "long"},
        {
            "name": "customer",
            "type": {
                "type": "record",
                "name": "Customer",
                "fields": [
                    {"name": "name", "type": "string"},
                    {
                        "name": "address",
                        "type": {
                            "type": "record",
                            "name": "Address",
                            "fields": [{"name": "city", "type": "string"}, {"name": "zip", "type": "int"}],
                        },
                    },
                ],
            },
        },
        {"name": "total", "type": "stackdeck.common.Money"},
        {"name": "tags", "type": {"type": "array", "items": "string"}},
        {"name": "note", "type": ["null", "string"], "default": None},
        {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["PLACED", "SHIPPED"]}},
    ],
}
ORDER_JSON_SCHEMA = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "title": "Order",
    "type": "object",
    "properties": {
        "id": {"type": "string"},
        "qty": {"type": "integer", "minimum": 1},
        "price": {"type": "number"},
    },
    "required": ["id", "qty"],
    "additionalProperties": False,
}


def avro_records(n):
    for i in range(n):
        yield {
            "id": f"o-{i}",
            "bigId": BIG + i,
            "customer": {"name": f"Ada {i}", "address": {"city": "Zürich", "zip": 8000 + i}},
            "total": {"currency": "CHF", "cents": 1000 * i + 5},
            "tags": ["new", f"t{i % 3}"],
            "note": None if i % 2 == 0 else f"note {i}",
            "status": "PLACED" if i % 2 == 0 else "SHIPPED",
        }


def json_records(n):
    for i in range(n):
        yield {"id": f"j-{i}", "qty": i + 1, "price": 2.5 * i}


def protos():
    """Compiles the test .proto files with protoc (grpc_tools) into a temp package and imports them."""
    from grpc_tools import protoc

    out = tempfile.mkdtemp(prefix="sd-proto-")
    proto_dir = os.path.join(HERE, "proto")
    files = ["stackdeck/money.proto", "stackdeck/orders.proto"]
    code = protoc.main(["protoc", f"-I{proto_dir}", f"--python_out={out}", *files])
    if code != 0:
        raise SystemExit(f"protoc failed with {code}")
    sys.path.insert(0, out)
    return importlib.import_module("stackdeck.orders_pb2")


def delivery(sent, extra):
    def report(err, msg):
        if err is not None:
            raise SystemExit(f"delivery failed: {err}")
        sent.append({"partition": msg.partition(), "offset": msg.offset(), **extra})

    return report


def produce(args):
    client = SchemaRegistryClient({"url": args.registry})
    producer = Producer({"bootstrap.servers": args.bootstrap, "acks": "all", "linger.ms": 5})
    ctx = SerializationContext(args.topic, MessageField.VALUE)
    sent = []

    def send(payload, extra):
        producer.produce(args.topic, value=payload, on_delivery=delivery(sent, extra))

    if args.kind == "avro":
        # The Money record lives in its own subject and Order names it by reference, as a shared type would.
        money_subject = f"{args.topic}-money"
        client.register_schema(money_subject, Schema(json.dumps(MONEY_AVSC), "AVRO"))
        money = client.get_latest_version(money_subject)
        schema = Schema(
            json.dumps(ORDER_AVSC),
            "AVRO",
            [SchemaReference("stackdeck.common.Money", money_subject, money.version)],
        )
        ser = AvroSerializer(client, schema)
        for rec in avro_records(args.count):
            send(ser(rec, ctx), {"value": rec})
    elif args.kind == "json":
        ser = JSONSerializer(json.dumps(ORDER_JSON_SCHEMA), client)
        for rec in json_records(args.count):
            send(ser(rec, ctx), {"value": rec})
    elif args.kind == "protobuf":
        pb = protos()
        conf = {"use.deprecated.format": False}
        order_ser = ProtobufSerializer(pb.Order, client, conf)
        refund_ser = ProtobufSerializer(pb.Refund, client, conf)
        line_ser = ProtobufSerializer(pb.Order.Line, client, conf)
        from google.protobuf.json_format import MessageToDict

        def as_dict(m):
            return MessageToDict(m, preserving_proto_field_name=True, always_print_fields_with_no_presence=True)

        for i in range(args.count):
            order = pb.Order(
                id=f"p-{i}",
                big_id=BIG + i,
                total={"currency": "EUR", "cents": 250 + i},
                lines=[pb.Order.Line(sku="sku-1", quantity=2)],
                status=pb.Order.SHIPPED,
                blob=bytes([0, 1, 2, 255]),
            )
            send(order_ser(order, ctx), {"message": "stackdeck.orders.Order", "value": as_dict(order)})
            refund = pb.Refund(order_id=f"p-{i}", delta=-(BIG + i), reason="damaged")
            send(refund_ser(refund, ctx), {"message": "stackdeck.orders.Refund", "value": as_dict(refund)})
        line = pb.Order.Line(sku="nested", quantity=7)
        send(line_ser(line, ctx), {"message": "stackdeck.orders.Order.Line", "value": as_dict(line)})
    else:
        raise SystemExit(f"unknown kind {args.kind}")
    producer.flush(30)
    for s in sent:
        print(json.dumps(s))


def raw(args):
    producer = Producer({"bootstrap.servers": args.bootstrap, "acks": "all"})
    sent = []
    for line in sys.stdin:
        line = line.strip()
        if line:
            producer.produce(args.topic, value=bytes.fromhex(line), on_delivery=delivery(sent, {}))
    producer.flush(30)
    for s in sent:
        print(json.dumps(s))


def consume(args):
    client = SchemaRegistryClient({"url": args.registry})
    if args.kind == "avro":
        de = AvroDeserializer(client)
        out = lambda v: v  # noqa: E731
    elif args.kind == "json":
        de = JSONDeserializer(None, schema_registry_client=client)
        out = lambda v: v  # noqa: E731
    elif args.kind == "protobuf":
        pb = protos()
        from google.protobuf.json_format import MessageToDict

        msg = {"Order": pb.Order, "Refund": pb.Refund}[args.message]
        de = ProtobufDeserializer(msg, {"use.deprecated.format": False})
        out = lambda v: MessageToDict(v, preserving_proto_field_name=True)  # noqa: E731
    else:
        raise SystemExit(f"unknown kind {args.kind}")
    consumer = Consumer({"bootstrap.servers": args.bootstrap, "group.id": "sd-serde-oracle", "enable.auto.commit": False})
    consumer.assign([TopicPartition(args.topic, args.partition, args.offset)])
    ctx = SerializationContext(args.topic, MessageField.VALUE)
    got = 0
    try:
        while got < args.count:
            m = consumer.poll(10)
            if m is None:
                raise SystemExit(f"only {got} of {args.count} records arrived")
            if m.error():
                raise SystemExit(str(m.error()))
            value = out(de(m.value(), ctx))
            print(json.dumps({"offset": m.offset(), "value": value}, default=lambda b: base64.b64encode(b).decode()))
            got += 1
    finally:
        consumer.close()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("command", choices=["produce", "consume", "raw"])
    p.add_argument("--kind", default="avro")
    p.add_argument("--bootstrap", required=True)
    p.add_argument("--registry", default="")
    p.add_argument("--topic", required=True)
    p.add_argument("--count", type=int, default=3)
    p.add_argument("--partition", type=int, default=0)
    p.add_argument("--offset", type=int, default=0)
    p.add_argument("--message", default="Order")
    args = p.parse_args()
    {"produce": produce, "consume": consume, "raw": raw}[args.command](args)


if __name__ == "__main__":
    main()

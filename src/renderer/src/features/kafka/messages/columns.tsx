import type { KafkaMessage } from '../../../../../shared/contract/kafka/messages';
import type { DataGridColumn } from '../../../ui/DataGrid';
import { formatSize } from './decode';
import { previewPart, schemaTag } from './schemaDecode';

/** Result grid columns: every cell is text. */
export function messageColumns(withTopic: boolean): DataGridColumn<KafkaMessage>[] {
  const cols: DataGridColumn<KafkaMessage>[] = [
    { id: 'partition', header: 'Partition', width: 80, align: 'right', cell: (m) => m.partition },
    { id: 'offset', header: 'Offset', width: 100, align: 'right', cell: (m) => m.offset },
    {
      id: 'timestamp',
      header: 'Timestamp',
      width: 220,
      cell: (m) => (
        <span>
          {new Date(m.timestamp).toISOString().replace('T', ' ').replace('Z', '')}
          <span className="faint"> {m.timestampType === 'create' ? 'C' : 'L'}</span>
        </span>
      ),
      title: (m) =>
        m.timestampType === 'create' ? 'CreateTime (set by the producer)' : 'LogAppendTime (set by the broker)',
    },
    {
      id: 'key',
      header: 'Key',
      width: 160,
      cell: (m) => (m.key === null ? <span className="faint">null</span> : previewPart(m.key, m.keySchema, 80)),
    },
    {
      id: 'value',
      header: 'Value',
      width: 460,
      cell: (m) =>
        m.value === null ? (
          <span className="faint">tombstone</span>
        ) : (
          <span>
            {m.valueSchema ? (
              <span className={`km-schema-tag${m.valueSchema.status === 'decoded' ? '' : ' km-flag'}`}>
                {schemaTag(m.valueSchema)}
              </span>
            ) : null}
            {previewPart(m.value, m.valueSchema, 300)}
          </span>
        ),
    },
    { id: 'headers', header: 'Headers', width: 80, align: 'right', cell: (m) => m.headers.length },
    { id: 'size', header: 'Size', width: 90, align: 'right', cell: (m) => formatSize(m.sizeBytes) },
  ];
  if (withTopic) cols.unshift({ id: 'topic', header: 'Topic', width: 160, cell: (m) => m.topic });
  return cols;
}

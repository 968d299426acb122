import { metricValue, parsePrometheus } from './prometheus.js';

describe('parsePrometheus', () => {
  const text = [
    '# HELP care_http_request_duration_seconds HTTP request duration',
    '# TYPE care_http_request_duration_seconds histogram',
    'care_http_request_duration_seconds_bucket{le="0.005",method="GET",route="/entities/:type/:id",status_class="2xx"} 3',
    'care_http_request_duration_seconds_count{method="GET",route="/entities/:type/:id",status_class="2xx"} 4',
    'care_http_request_duration_seconds_count{method="POST",route="/sites",status_class="4xx"} 1',
    'care_outbox_backlog{service="organisations"} 0',
    'care_label_escapes{text="a \\"quoted\\" \\\\ back"} 1.5',
    'care_process_cpu_seconds_total 0.42',
  ].join('\n');

  it('reads names, labels (escapes included) and values, and sums the samples matching some labels', () => {
    const samples = parsePrometheus(text);
    expect(samples).toHaveLength(6);
    expect(samples[0]).toEqual({
      name: 'care_http_request_duration_seconds_bucket',
      labels: { le: '0.005', method: 'GET', route: '/entities/:type/:id', status_class: '2xx' },
      value: 3,
    });
    expect(samples[4]!.labels['text']).toBe('a "quoted" \\ back');
    expect(metricValue(samples, 'care_http_request_duration_seconds_count')).toBe(5);
    expect(metricValue(samples, 'care_http_request_duration_seconds_count', { route: '/sites' })).toBe(1);
    expect(metricValue(samples, 'care_outbox_backlog', { service: 'organisations' })).toBe(0);
    expect(metricValue(samples, 'care_outbox_backlog', { service: 'search' })).toBeUndefined();
    expect(metricValue(samples, 'care_process_cpu_seconds_total')).toBe(0.42);
  });

  it('refuses a line that is not a sample', () => {
    expect(() => parsePrometheus('care_broken{route="/x" 1')).toThrow(/not a Prometheus sample/);
  });
});

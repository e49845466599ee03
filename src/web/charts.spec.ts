import { barChart, columnChart } from './charts';

describe('barChart', () => {
  it('draws one bar per datum, scaled to the largest, with escaped labels', () => {
    const svg = barChart(
      'c',
      'Cases <by> state',
      [
        { label: 'A&B', value: 10 },
        { label: 'C', value: 5, tone: 'risk-HIGH' },
      ],
      'none',
    ).value;
    expect(svg.match(/<rect /g)).toHaveLength(2);
    expect(svg).toContain('width="200"');
    expect(svg).toContain('width="100"');
    expect(svg).toContain('A&amp;B');
    expect(svg).toContain('Cases &lt;by&gt; state');
    expect(svg).toContain('class="chart-bar risk-HIGH"');
    expect(svg).toContain('role="img"');
  });
  it('says so when there is nothing to draw', () => {
    expect(barChart('c', 'T', [], 'Nothing').value).toContain('Nothing');
  });
});

describe('columnChart', () => {
  it('draws one column per point, oldest first, tallest for the largest value', () => {
    const svg = columnChart(
      't',
      'Trend',
      [
        { label: '01/12', value: 1 },
        { label: '02/12', value: 4 },
      ],
      'none',
    ).value;
    expect(svg.match(/<rect /g)).toHaveLength(2);
    expect(svg).toContain('height="110"');
    expect(svg.indexOf('01/12')).toBeLessThan(svg.indexOf('02/12'));
  });
});

import { loggableUrl } from './logging';

describe('request paths in the log', () => {
  it.each([
    ['/api/v1/cases?q=nguyen%20thi%20hoa', '/api/v1/cases'],
    ['/api/v1/intake/callers/0912345678', '/api/v1/intake/callers/:phone'],
    ['/api/v1/intake/callers/%2B84%20912%20345%20678/flags/6c1f', '/api/v1/intake/callers/:phone/flags/6c1f'],
    ['/callers/0912345678/flags', '/callers/:phone/flags'],
    ['/callers?phone=0912345678', '/callers'],
    ['/health', '/health'],
  ])('%s is logged as %s', (url, logged) => {
    expect(loggableUrl(url)).toBe(logged);
  });
});

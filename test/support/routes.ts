import { INestApplication, RequestMethod } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ALLOW_KEY, Audience } from '../../src/common/access/allow.decorator';

export interface RouteInfo {
  method: string;
  path: string;
  allow: Audience[] | undefined;
}

function join(...parts: string[]): string {
  return (
    '/' +
    parts
      .map((p) => p.replace(/^\/|\/$/g, ''))
      .filter(Boolean)
      .join('/')
  ).replace(/\/+/g, '/');
}

/** Every HTTP route of the app with its @Allow declaration, read from Nest's metadata. */
export function listRoutes(app: INestApplication): RouteInfo[] {
  const discovery = app.get(DiscoveryService);
  const scanner = app.get(MetadataScanner);
  const reflector = app.get(Reflector);
  const routes: RouteInfo[] = [];
  for (const wrapper of discovery.getControllers()) {
    const { instance, metatype } = wrapper;
    if (!instance || !metatype) continue;
    const base = [].concat(Reflect.getMetadata(PATH_METADATA, metatype) ?? '')[0] as string;
    const proto = Object.getPrototypeOf(instance);
    for (const name of scanner.getAllMethodNames(proto)) {
      const handler = proto[name];
      const path = Reflect.getMetadata(PATH_METADATA, handler);
      const method = Reflect.getMetadata(METHOD_METADATA, handler);
      if (path === undefined || method === undefined) continue;
      for (const p of [].concat(path) as string[]) {
        routes.push({
          method: RequestMethod[method as RequestMethod],
          path: join(base, p),
          allow: reflector.getAllAndOverride<Audience[]>(ALLOW_KEY, [handler, metatype]),
        });
      }
    }
  }
  return routes.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

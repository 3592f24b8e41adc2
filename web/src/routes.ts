// The route table: hash routes (#/skp/12), so any static server and deep links work.
import type { ComponentType } from 'preact';
import { lazy } from 'preact/compat';

export interface Route {
  pattern: RegExp;
  page: ComponentType<{ params: string[] }>;
  title: string; // i18n key
}

const MySkp = lazy(() => import('./pages/MySkp'));
const SkpPage = lazy(() => import('./pages/SkpPage'));
const Inbox = lazy(() => import('./pages/Inbox'));
const Team = lazy(() => import('./pages/Team'));
const Dashboard = lazy(() => import('./pages/Dashboard'));
const Audit = lazy(() => import('./pages/Audit'));
const Plugins = lazy(() => import('./pages/Plugins'));
const Organisation = lazy(() => import('./pages/Organisation'));
const Periods = lazy(() => import('./pages/Periods'));
const MyDevelopment = lazy(() => import('./pages/kompetensi/MyDevelopment'));
const TeamNeeds = lazy(() => import('./pages/kompetensi/TeamNeeds'));
const AgencyDevelopment = lazy(() => import('./pages/kompetensi/AgencyDevelopment'));
const CityDevelopment = lazy(() => import('./pages/kompetensi/CityDevelopment'));

export const routes: Route[] = [
  { pattern: /^\/$/, page: MySkp, title: 'mySkp' },
  { pattern: /^\/skp\/(\d+)$/, page: SkpPage, title: 'mySkp' },
  { pattern: /^\/inbox$/, page: Inbox, title: 'inbox' },
  { pattern: /^\/team$/, page: Team, title: 'team' },
  { pattern: /^\/dashboard$/, page: Dashboard, title: 'dashboard' },
  { pattern: /^\/audit$/, page: Audit, title: 'audit' },
  { pattern: /^\/plugins$/, page: Plugins, title: 'plugins' },
  { pattern: /^\/organisation$/, page: Organisation, title: 'organisation' },
  { pattern: /^\/periods$/, page: Periods, title: 'periods' },
  { pattern: /^\/kompetensi$/, page: MyDevelopment, title: 'kompetensi' },
  { pattern: /^\/kompetensi\/tim$/, page: TeamNeeds, title: 'kompetensi' },
  { pattern: /^\/kompetensi\/instansi(?:\/(\d+))?$/, page: AgencyDevelopment, title: 'kompetensi' },
  { pattern: /^\/kompetensi\/kota$/, page: CityDevelopment, title: 'kompetensi' },
];

export function match(path: string): { route: Route; params: string[] } | null {
  for (const route of routes) {
    const m = route.pattern.exec(path);
    if (m) return { route, params: m.slice(1) };
  }
  return null;
}

export function currentPath(): string {
  return location.hash.replace(/^#/, '') || '/';
}

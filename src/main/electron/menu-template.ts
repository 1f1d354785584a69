// The application menu as data (pure): Chinese labels, roles or action ids. main.ts turns it into
// an electron Menu and forwards action ids to the renderer on IPC.menu.
export type MenuAction = 'goto.dashboard' | 'goto.intake' | 'goto.cases' | 'goto.search' | 'app.lock' | 'app.switchUser' | 'goto.catalogue' | 'goto.admin' | 'help.about';

export interface MenuItemSpec {
  label?: string;
  role?: 'undo' | 'redo' | 'cut' | 'copy' | 'paste' | 'selectAll' | 'reload' | 'forceReload' | 'toggleDevTools' | 'resetZoom' | 'zoomIn' | 'zoomOut' | 'togglefullscreen' | 'minimize' | 'close' | 'quit';
  type?: 'separator';
  accelerator?: string;
  action?: MenuAction;
  submenu?: MenuItemSpec[];
}

export function menuTemplate(opts: { dev: boolean }): MenuItemSpec[] {
  return [
    {
      label: '文件(&F)',
      submenu: [
        { label: '受理登记', accelerator: 'CmdOrCtrl+N', action: 'goto.intake' },
        { type: 'separator' },
        { label: '锁定', accelerator: 'CmdOrCtrl+L', action: 'app.lock' },
        { label: '切换用户', action: 'app.switchUser' },
        { type: 'separator' },
        { label: '退出', role: 'quit' },
      ],
    },
    {
      label: '编辑(&E)',
      submenu: [
        { label: '撤销', role: 'undo' }, { label: '重做', role: 'redo' }, { type: 'separator' },
        { label: '剪切', role: 'cut' }, { label: '复制', role: 'copy' }, { label: '粘贴', role: 'paste' }, { label: '全选', role: 'selectAll' },
      ],
    },
    {
      label: '业务(&B)',
      submenu: [
        { label: '工作台', accelerator: 'CmdOrCtrl+1', action: 'goto.dashboard' },
        { label: '案卷列表', accelerator: 'CmdOrCtrl+2', action: 'goto.cases' },
        { label: '搜索', accelerator: 'CmdOrCtrl+K', action: 'goto.search' },
        { label: '代办目录', action: 'goto.catalogue' },
        { label: '系统管理', action: 'goto.admin' },
      ],
    },
    {
      label: '视图(&V)',
      submenu: [
        { label: '实际大小', role: 'resetZoom' }, { label: '放大', role: 'zoomIn' }, { label: '缩小', role: 'zoomOut' },
        { type: 'separator' }, { label: '全屏', role: 'togglefullscreen' },
        ...(opts.dev ? [{ type: 'separator' as const }, { label: '重新加载', role: 'reload' as const }, { label: '开发者工具', role: 'toggleDevTools' as const }] : []),
      ],
    },
    { label: '帮助(&H)', submenu: [{ label: '关于代办帮办工作台', action: 'help.about' }] },
  ];
}

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AcknowledgeDialog</name>
    <message>
        <location filename="../../desktop/ui/acknowledge_dialog.py" line="+30"/>
        <source>确认警告</source>
        <translation>Acknowledge warning</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>例如：经核对原始档案，信息无误</source>
        <translation>e.g. checked against the original records; the data is correct</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>第 {0} 行</source>
        <translation>Row {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>警告</source>
        <translation>Warning</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>理由</source>
        <translation>Reason</translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <location filename="../../desktop/ui/first_run_pages.py" line="+188"/>
        <source>首个管理员</source>
        <translation>First administrator</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>管理员管理操作员和密钥，不录入数据；录入员和审核员由管理员添加。</source>
        <translation>The administrator manages operators and keys and does not enter data; clerks and reviewers are added by the administrator.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../desktop/ui/app.py" line="+29"/>
        <source>学籍学历注册工作台</source>
        <translation>Registrar Desk</translation>
    </message>
</context>
<context>
    <name>BatchActions</name>
    <message>
        <location filename="../../desktop/ui/batch_actions.py" line="+61"/>
        <source>删除草稿…</source>
        <translation>Delete draft…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>生成更正批次</source>
        <translation>Start correction batch</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>撤销签名…</source>
        <translation>Withdraw signature…</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>删除草稿</source>
        <translation>Delete draft</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>删除批次“{0}”（{1}，{2} 条记录）？
删除会记入审计日志，且无法撤销。</source>
        <translation>Delete the batch “{0}” ({1}, {2} records)?
The deletion is recorded in the audit log and cannot be undone.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>已删除批次“{0}”</source>
        <translation>Batch “{0}” deleted</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>已生成更正批次“{0}”：{1} 条未受理的记录</source>
        <translation>Correction batch “{0}” started: {1} records not accepted</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>批次“{0}”的签名已撤销，已回到草稿</source>
        <translation>The signature of batch “{0}” was withdrawn; it is a draft again</translation>
    </message>
</context>
<context>
    <name>BatchGrid</name>
    <message>
        <location filename="../../desktop/ui/batch_grid.py" line="+66"/>
        <source>全部记录</source>
        <translation>All records</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>有错误的行</source>
        <translation>Rows with errors</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>有未确认警告的行</source>
        <translation>Rows with unacknowledged warnings</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>搜索（Ctrl+F），回车查找</source>
        <translation>Search (Ctrl+F), press Enter to find</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>重做</source>
        <translation>Redo</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>查找</source>
        <translation>Find</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>向下填充</source>
        <translation>Fill down</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>查找替换</source>
        <translation>Find and replace</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>清除筛选</source>
        <translation>Clear filter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location line="+163"/>
        <source>规则 {0}</source>
        <translation>Rule {0}</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>正在筛选…</source>
        <translation>Filtering…</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>筛选出 {0} 行，共 {1} 行</source>
        <translation>{0} of {1} rows shown</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>共 {0} 行</source>
        <translation>Rows: {0}</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>已修改 {0} 个单元格</source>
        <translation>Cells changed: {0}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+17"/>
        <source>所有修改均已保存</source>
        <translation>All changes saved</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>操作未完成</source>
        <translation>Could not complete</translation>
    </message>
</context>
<context>
    <name>BatchListModel</name>
    <message>
        <location filename="../../desktop/ui/batch_list.py" line="+13"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>业务类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>记录数</source>
        <translation>Records</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>错误</source>
        <translation>Errors</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>警告</source>
        <translation>Warnings</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>未确认</source>
        <translation>Unacknowledged</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>更新时间</source>
        <translation>Last changed</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>批次编号 {0}</source>
        <translation>Batch ID {0}</translation>
    </message>
</context>
<context>
    <name>CellDelegate</name>
    <message>
        <location filename="../../desktop/ui/cell_delegate.py" line="+40"/>
        <location line="+15"/>
        <source>（空）</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>{0}（{1}）</source>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>请输入完整的证件号码</source>
        <translation>Enter the full ID number</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{0}（不在代码表中）</source>
        <translation>{0} (not in the code table)</translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <location filename="../../desktop/ui/server_box.py" line="+37"/>
        <source>连接中心服务器</source>
        <translation>Connect to the central server</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>服务器管理方电话告知的指纹</source>
        <translation>Fingerprint read out by the server&apos;s operator over the phone</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>可不填：本单位自建证书机构的证书文件</source>
        <translation>Optional: certificate file of your organisation&apos;s own certificate authority</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>请与中心服务器管理方电话核对密钥指纹：指纹不符时不会连接。</source>
        <translation>Check the key fingerprint with the central server&apos;s operator by phone: if it does not match, no connection is made.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>服务器地址</source>
        <translation>Server address</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>密钥指纹</source>
        <translation>Key fingerprint</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CA 证书文件</source>
        <translation>CA certificate file</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>连接</source>
        <translation>Connect</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>服务器地址应以 https:// 开头</source>
        <translation>The server address must start with https://</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>请填写密钥指纹：没有核对过指纹的服务器，其回执无法作为凭证</source>
        <translation>Enter the key fingerprint: receipts from a server whose fingerprint was not checked cannot serve as proof</translation>
    </message>
</context>
<context>
    <name>CreatePage</name>
    <message>
        <location filename="../../desktop/ui/first_run.py" line="+38"/>
        <source>正在建立工作区</source>
        <translation>Creating the workspace</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>工作区已建立：{0}（{1}），管理员 {2}，学校签名密钥已生成。</source>
        <translation>Workspace created: {0} ({1}), administrator {2}; the school&apos;s signing key has been generated.</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="+36"/>
        <source>已逾期 {n} 天</source>
        <translation>{n} day(s) overdue</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>今天到期</source>
        <translation>Due today</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>剩 {n} 天</source>
        <translation>{n} day(s) left</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>（{n} 个工作日）</source>
        <translation> ({n} working day(s))</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>（节假日安排未知，按周一至周五估算）</source>
        <translation> (holiday schedule unknown; estimated Monday to Friday)</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <location line="+68"/>
        <source>批次状态</source>
        <translation>Batches by status</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>近期没有到期事项：学年注册在开学后1个月内、学籍注销在处理后15个工作日内完成。</source>
        <translation>Nothing falls due soon. Annual registration is due within one month of the start of term; a deregistration within 15 working days of the decision.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>即将到期（第十三条）</source>
        <translation>Deadlines (Article 13)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>正在读取…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>上报状态</source>
        <translation>Submission status</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>中心服务器：{url}</source>
        <translation>Central server: {url}</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>未连接</source>
        <translation>not connected</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>待上报：{n} 个批次</source>
        <translation>Batches waiting to be submitted: {n}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>最近一次成功上报（收到已验证回执）：{at}</source>
        <translation>Last successful submission (verified receipt received): {at}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>尚无</source>
        <translation>none yet</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>最近的错误（{batch}）：{error}</source>
        <translation>Latest error ({batch}): {error}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>最近拉取核对：{at}</source>
        <translation>Last pull and reconciliation: {at}</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>从未</source>
        <translation>never</translation>
    </message>
</context>
<context>
    <name>DeadlineModel</name>
    <message>
        <location line="-134"/>
        <source>事项</source>
        <translation>Task</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>内容</source>
        <translation>Subject</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>起算日</source>
        <translation>From</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>期限</source>
        <translation>Due</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>剩余</source>
        <translation>Time left</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>第十三条：学年注册在每学年第一学期开学后1个月内完成</source>
        <translation>Article 13: annual registration is due within one month of the start of each school year&apos;s first term</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>第十三条：学籍注销应在学籍处理后15个工作日内完成</source>
        <translation>Article 13: deregistration is due within 15 working days of the decision</translation>
    </message>
</context>
<context>
    <name>DemoPage</name>
    <message>
        <location filename="../../desktop/ui/first_run.py" line="+13"/>
        <source>演示工作区</source>
        <translation>Demo workspace</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>示例学校、示例新生名单和本机参考服务器，仅供体验，退出后删除。</source>
        <translation>A sample school, a sample list of new students and a reference server on this PC, to try things out; deleted on exit.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>演示工作区已就绪，参考服务器运行于 {0}。
演示账号：录入员 clerk / {1}，审核员 reviewer / {2}，管理员 admin / {3}
签名密钥口令：{4}
示例批次“{5}”（{6} 条）已导入并校验。</source>
        <translation>The demo workspace is ready; the reference server runs at {0}.
Demo accounts: clerk clerk / {1}, reviewer reviewer / {2}, admin admin / {3}
Signing key passphrase: {4}
Sample batch “{5}” (records: {6}) has been imported and validated.</translation>
    </message>
</context>
<context>
    <name>FieldDelegate</name>
    <message>
        <location filename="../../desktop/ui/import_mapping.py" line="+46"/>
        <source>（不导入）</source>
        <translation>(do not import)</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <location filename="../../desktop/ui/import_pages.py" line="+106"/>
        <source>选择文件</source>
        <translation>Choose a file</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>选择要导入的表格文件和它的业务类型。</source>
        <translation>Choose the spreadsheet file to import and its batch type.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>表格文件（.xlsx .xls .csv .dbf …）</source>
        <translation>Spreadsheet file (.xlsx .xls .csv .dbf …)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>默认为文件名</source>
        <translation>Defaults to the file name</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>业务类型</source>
        <translation>Batch type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>批次名称</source>
        <translation>Batch name</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>导入表格</source>
        <translation>Import spreadsheet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>表格文件</source>
        <translation>Spreadsheet files</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>找不到文件：</source>
        <translation>File not found: </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>正在打开文件…</source>
        <translation>Opening the file…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>工作簿中有 {0} 个工作表</source>
        <translation>Sheets in the workbook: {0}</translation>
    </message>
</context>
<context>
    <name>FindingsPanel</name>
    <message>
        <location filename="../../desktop/ui/findings_panel.py" line="+39"/>
        <source>规则 / 行</source>
        <translation>Rule / row</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>数量</source>
        <translation>Count</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>说明</source>
        <translation>Description</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>{0}（未确认 {1}）</source>
        <translation>{0} ({1} unacknowledged)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0}（{1}）</source>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>正在读取…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>表级</source>
        <translation>Whole sheet</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>第 {0} 行</source>
        <translation>Row {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>（已确认）</source>
        <translation> (acknowledged)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>只列出前 {0} 条；右键“只看此规则的行”在表格中查看全部</source>
        <translation>Only the first {0} are listed; right-click “Show only this rule&apos;s rows” to see them all in the grid</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>只看此规则的行</source>
        <translation>Show only this rule&apos;s rows</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>转到单元格</source>
        <translation>Go to cell</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>确认警告…</source>
        <translation>Acknowledge warning…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>只有审核员可以确认警告</source>
        <translation>Only a reviewer can acknowledge warnings</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <location filename="../../desktop/ui/first_run.py" line="+18"/>
        <source>学籍学历注册工作台 — 首次使用</source>
        <translation>Registrar Desk — first start</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>下一步 &gt;</source>
        <translation>Next &gt;</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt; 上一步</source>
        <translation>&lt; Back</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>开始使用</source>
        <translation>Get started</translation>
    </message>
</context>
<context>
    <name>GridActions</name>
    <message>
        <location filename="../../desktop/ui/grid_actions.py" line="+45"/>
        <source>请先选中单元格</source>
        <translation>Select some cells first</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>请只在一列中选择单元格</source>
        <translation>Select cells in one column only</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>一次最多修改 {0} 个单元格，请分批操作</source>
        <translation>At most {0} cells can be changed at once; please work in parts</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>请在同一列中至少选中两个单元格</source>
        <translation>Select at least two cells in the same column</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>向下填充“{0}”（{1} 行）</source>
        <translation>Fill down “{0}” (rows: {1})</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>“{0}”列中没有找到“{1}”</source>
        <translation>“{1}” was not found in column “{0}”</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>替换“{0}”中的“{1}”（{2} 处）</source>
        <translation>Replace “{1}” in “{0}” (cells: {2})</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>没有需要修改的单元格</source>
        <translation>No cells need changing</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>编辑</source>
        <translation>Edit</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>确认警告…</source>
        <translation>Acknowledge warning…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>只有审核员可以确认警告</source>
        <translation>Only a reviewer can acknowledge warnings</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>只看规则 {0} 的行</source>
        <translation>Show only rows with rule {0}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>显示完整证件号码</source>
        <translation>Show full ID number</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>这个单元格没有待确认的警告</source>
        <translation>This cell has no warning to acknowledge</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>完整证件号码</source>
        <translation>Full ID number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>第 {0} 行的证件号码：{1}

本次查看已记入审计日志。</source>
        <translation>ID number in row {0}: {1}

This viewing has been recorded in the audit log.</translation>
    </message>
</context>
<context>
    <name>GridEditor</name>
    <message>
        <location filename="../../desktop/ui/grid_edits.py" line="+64"/>
        <source>修改第 {0} 行“{1}”</source>
        <translation>Change “{1}” in row {0}</translation>
    </message>
    <message>
        <location line="+103"/>
        <source>第 {0} 行已不存在，请刷新</source>
        <translation>Row {0} no longer exists; please refresh</translation>
    </message>
    <message>
        <location line="+25"/>
        <location line="+39"/>
        <source>（未保存）</source>
        <translation> (not saved)</translation>
    </message>
</context>
<context>
    <name>HeaderPage</name>
    <message>
        <location filename="../../desktop/ui/import_pages.py" line="+42"/>
        <source>表头所在的行</source>
        <translation>Header row</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>点选列名所在的行；表头上方的标题行不会导入。</source>
        <translation>Click the row holding the column names; title rows above it are not imported.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>正在读取表头…</source>
        <translation>Reading the header…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>未能自动找到表头，请点选列名所在的行。</source>
        <translation>The header could not be found automatically; click the row holding the column names.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>自动识别：第 {0} 行是表头。</source>
        <translation>Detected: row {0} is the header.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>已选第 {0} 行为表头。</source>
        <translation>Row {0} chosen as the header.</translation>
    </message>
</context>
<context>
    <name>HitModel</name>
    <message>
        <location filename="../../desktop/ui/student_models.py" line="+22"/>
        <location line="+19"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="-18"/>
        <location line="+14"/>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location line="-13"/>
        <location line="+14"/>
        <source>学号</source>
        <translation>Student no.</translation>
    </message>
    <message>
        <location line="-13"/>
        <location line="+14"/>
        <source>考生号</source>
        <translation>Exam candidate no.</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>记录数</source>
        <translation>Records</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>匹配</source>
        <translation>Matched</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>证书编号</source>
        <translation>Certificate no.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>姓名包含</source>
        <translation>Name contains</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>曾用名</source>
        <translation>Former name</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{0}开头</source>
        <translation>{0} starts with</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>、</source>
        <translation>, </translation>
    </message>
</context>
<context>
    <name>ImportPage</name>
    <message>
        <location filename="../../desktop/ui/import_progress.py" line="+29"/>
        <source>正在导入</source>
        <translation>Importing</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>导入要么全部保存，要么什么都不保存：取消不会留下半个批次。</source>
        <translation>An import saves everything or nothing: cancelling never leaves half a batch.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>取消导入</source>
        <translation>Cancel import</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>返回重新选择…</source>
        <translation>Go back and choose again…</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>正在准备…</source>
        <translation>Preparing…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>正在取消，正在撤销已写入的内容…</source>
        <translation>Cancelling; undoing what was written…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>正在读取文件：已读 {0} 行</source>
        <translation>Reading the file: rows read: {0}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>正在保存：{0} / {1} 行</source>
        <translation>Saving: {0} / {1} rows</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>正在校验并提交 {0} 行…</source>
        <translation>Validating and committing rows: {0}…</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>导入已取消，工作区没有任何改动。</source>
        <translation>Import cancelled; the workspace is unchanged.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>导入未完成，工作区没有任何改动：</source>
        <translation>The import did not complete; the workspace is unchanged: </translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="+42"/>
        <source>导入表格</source>
        <translation>Import spreadsheet</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>下一步 &gt;</source>
        <translation>Next &gt;</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt; 上一步</source>
        <translation>&lt; Back</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>完成</source>
        <translation>Finish</translation>
    </message>
</context>
<context>
    <name>KeyPage</name>
    <message>
        <location filename="../../desktop/ui/first_run_pages.py" line="+13"/>
        <source>学校签名密钥</source>
        <translation>School signing key</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>审核员签名上报时输入此口令。口令加密保存密钥，丢失无法找回，请妥善保管；不要与管理员密码相同。</source>
        <translation>Reviewers enter this passphrase when they sign and submit. It encrypts the stored key and cannot be recovered if lost, so keep it safe; do not reuse the administrator&apos;s password.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>密钥口令</source>
        <translation>Key passphrase</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>建立工作区</source>
        <translation>Create workspace</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../desktop/ui/labels.py" line="+19"/>
        <source>草稿</source>
        <translation>Draft</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已校验</source>
        <translation>Validated</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已签名</source>
        <translation>Signed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已排队</source>
        <translation>Queued</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已提交</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>部分受理</source>
        <translation>Partly accepted</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已退回</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>新生学籍注册</source>
        <translation>New student registration</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+9"/>
        <source>学年注册</source>
        <translation>Annual registration</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>学历证书注册</source>
        <translation>Diploma registration</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>信息变更/更正</source>
        <translation>Change / correction</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>录入员</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>审核员</source>
        <translation>Reviewer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>管理员</source>
        <translation>Admin</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>学籍注销</source>
        <translation>Deregistration</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>不可用</source>
        <translation>Not allowed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>弱</source>
        <translation>Weak</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>中</source>
        <translation>Fair</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>较强</source>
        <translation>Good</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>强</source>
        <translation>Strong</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>出生日期</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>证件类型</source>
        <translation>ID type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>民族</source>
        <translation>Ethnic group</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>政治面貌</source>
        <translation>Political affiliation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>考生号</source>
        <translation>Exam candidate no.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>学号</source>
        <translation>Student no.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>生源地</source>
        <translation>Place of origin</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>专业代码</source>
        <translation>Major code</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>专业名称</source>
        <translation>Major</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>院系</source>
        <translation>Faculty</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>班级</source>
        <translation>Class</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>层次</source>
        <translation>Level</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>学制</source>
        <translation>Program length</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>学习形式</source>
        <translation>Mode of study</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>入学日期</source>
        <translation>Enrollment date</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>预计毕业日期</source>
        <translation>Expected graduation date</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>录取类型</source>
        <translation>Admission type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>定向单位</source>
        <translation>Sponsoring employer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>复查结论</source>
        <translation>Admission review outcome</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>复查说明</source>
        <translation>Review notes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>保留入学资格截止日期</source>
        <translation>Deferred admission until</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>学年</source>
        <translation>School year</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>注册状态</source>
        <translation>Registration status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>注册日期</source>
        <translation>Registration date</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>暂缓注册原因</source>
        <translation>Reason for deferred registration</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>学籍变动类别</source>
        <translation>Status change type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>变动日期</source>
        <translation>Change date</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>变动原因</source>
        <translation>Reason for the change</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>原专业代码</source>
        <translation>Former major code</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>新专业代码</source>
        <translation>New major code</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>转学学校</source>
        <translation>Transfer school</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>学籍注销类别</source>
        <translation>Deregistration type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>学籍处理日期</source>
        <translation>Decision date</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>注销日期</source>
        <translation>Deregistration date</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>处理文号</source>
        <translation>Decision reference no.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>学籍记载类别</source>
        <translation>Record entry type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>记载内容</source>
        <translation>Entry details</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>其他证书</source>
        <translation>Other certificate</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>其他证书编号</source>
        <translation>Other certificate no.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>毕业日期</source>
        <translation>Graduation date</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>毕(结)业</source>
        <translation>Graduated / completed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>学校名称</source>
        <translation>School name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>校(院)长姓名</source>
        <translation>President&apos;s name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>证书编号</source>
        <translation>Certificate no.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>发证日期</source>
        <translation>Issue date</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>照片</source>
        <translation>Photo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>辅修专业</source>
        <translation>Minor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>变更类别</source>
        <translation>Change type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>变更项目</source>
        <translation>Item changed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>变更前</source>
        <translation>Before</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>变更后</source>
        <translation>After</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>变更原因</source>
        <translation>Reason for change</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>证明材料</source>
        <translation>Supporting documents</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>省级审核文号</source>
        <translation>Provincial approval ref.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>证明书编号</source>
        <translation>Attestation no.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>申请日期</source>
        <translation>Application date</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <location filename="../../desktop/ui/language_menu.py" line="+14"/>
        <location line="+21"/>
        <source>语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已选择“{0}”，下次启动时生效。</source>
        <translation>“{0}” chosen; it takes effect the next time the application starts.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../desktop/ui/login.py" line="+30"/>
        <source>学籍学历注册工作台 — 登录</source>
        <translation>Registrar Desk — log in</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>操作员</source>
        <translation>Operator</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>登录</source>
        <translation>Log in</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>请输入操作员</source>
        <translation>Enter the operator&apos;s user name</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>正在登录…</source>
        <translation>Logging in…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>工作区尚未初始化：请先用 regdesk init 创建学校信息与管理员</source>
        <translation>The workspace is not set up yet: first create the school profile and the administrator with regdesk init</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="+41"/>
        <source>学籍学历注册工作台</source>
        <translation>Registrar Desk</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>工作台</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>批次</source>
        <translation>Batches</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>上报</source>
        <translation>Submission</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>学生</source>
        <translation>Students</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>操作</source>
        <translation>Actions</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>校验</source>
        <translation>Validate</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>签名</source>
        <translation>Sign</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>报表</source>
        <translation>Report</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{0} {1}（{2}）</source>
        <translation>{0} {1} ({2})</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>操作未完成</source>
        <translation>Could not complete</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>{0}：{1}，{2} 条，错误 {3}，警告 {4}</source>
        <translation>{0}: {1}, records: {2}, errors: {3}, warnings: {4}</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>正在校验…</source>
        <translation>Validating…</translation>
    </message>
</context>
<context>
    <name>MappingModel</name>
    <message>
        <location filename="../../desktop/ui/import_models.py" line="+123"/>
        <source>（不导入）</source>
        <translation>(do not import)</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>（已更正）</source>
        <translation> (corrected)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>（已记住）</source>
        <translation> (remembered)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>，</source>
        <translation>, </translation>
    </message>
    <message>
        <location line="+33"/>
        <source>列</source>
        <translation>Column</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>文件中的表头</source>
        <translation>Header in the file</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>导入为字段</source>
        <translation>Import as field</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>示例</source>
        <translation>Sample</translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <location filename="../../desktop/ui/import_mapping.py" line="+18"/>
        <source>列对应</source>
        <translation>Column mapping</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>核对每一列导入为哪个字段；双击“导入为字段”可更正，更正会按此表头格式记住。</source>
        <translation>Check which field each column is imported as; double-click “Import as field” to correct it. Corrections are remembered for this header layout.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>开始导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>正在读取前几行…</source>
        <translation>Reading the first rows…</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>缺少必填列：{0}（可导入，校验时这些列会报错）</source>
        <translation>Required columns missing: {0} (the import can go ahead; validation will report them as errors)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>必填列齐全。</source>
        <translation>All required columns are present.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>不导入的列：{0}</source>
        <translation>Columns not imported: {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>所有列都会导入。</source>
        <translation>Every column will be imported.</translation>
    </message>
</context>
<context>
    <name>OutboxModel</name>
    <message>
        <location filename="../../desktop/ui/sync_models.py" line="+32"/>
        <source>批次</source>
        <translation>Batch</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>业务类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>记录数</source>
        <translation>Records</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>上传进度</source>
        <translation>Upload progress</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>尝试次数</source>
        <translation>Attempts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>最近尝试</source>
        <translation>Last attempt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>等待上报</source>
        <translation>Waiting to be submitted</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>批次编号 {id}，{who} 于 {at} 排队</source>
        <translation>Batch ID {id}, queued by {who} at {at}</translation>
    </message>
</context>
<context>
    <name>Page</name>
    <message>
        <location filename="../../desktop/ui/import_pages.py" line="-213"/>
        <source>详细信息…</source>
        <translation>Details…</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>详细信息</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>PageKit</name>
    <message>
        <location filename="../../desktop/ui/pagekit.py" line="+56"/>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>操作未完成</source>
        <translation>Could not complete</translation>
    </message>
</context>
<context>
    <name>ProfilePage</name>
    <message>
        <location filename="../../desktop/ui/first_run_pages.py" line="-148"/>
        <source>学校信息</source>
        <translation>School profile</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>证书编号、校长姓名等规则按这些信息校验；以后可由管理员修改。</source>
        <translation>Rules such as the certificate number and the president&apos;s name are checked against this; an administrator can change it later.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>5 位学校代码</source>
        <translation>5-digit school code</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>本校实行学分制</source>
        <translation>This school uses a credit system</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>学校代码</source>
        <translation>School code</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>学校名称</source>
        <translation>School name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>校(院)长姓名</source>
        <translation>President&apos;s name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>办学类型</source>
        <translation>Type of institution</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>本学年第一学期开学日期</source>
        <translation>Start of this school year&apos;s first term</translation>
    </message>
</context>
<context>
    <name>ReceiptsPanel</name>
    <message>
        <location filename="../../desktop/ui/receipts_panel.py" line="+44"/>
        <source>最近结果与回执</source>
        <translation>Recent results and receipts</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+100"/>
        <source>导出回执</source>
        <translation>Export receipt</translation>
    </message>
    <message>
        <location line="-95"/>
        <source>选择一个批次，查看被中心服务器退回的记录</source>
        <translation>Select a batch to see the records the central server rejected</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>回执未通过验证，不能作为凭证导出</source>
        <translation>The receipt failed verification and cannot be exported as proof</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>“{name}”被中心服务器退回的记录：{n} 条</source>
        <translation>Records of “{name}” rejected by the central server: {n}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>“{name}”没有被退回的记录</source>
        <translation>No records of “{name}” were rejected</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>回执-{0}.json</source>
        <translation>receipt-{0}.json</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>回执文件 (*.json)</source>
        <translation>Receipt files (*.json)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>回执已导出：{path}</source>
        <translation>Receipt exported: {path}</translation>
    </message>
</context>
<context>
    <name>RecordGridModel</name>
    <message>
        <location filename="../../desktop/ui/grid.py" line="+253"/>
        <source>{0}（{1}）</source>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>表格第 {0} 行</source>
        <translation>Sheet row {0}</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>（已确认）</source>
        <translation> (acknowledged)</translation>
    </message>
</context>
<context>
    <name>RefusedModel</name>
    <message>
        <location filename="../../desktop/ui/sync_models.py" line="+61"/>
        <source>行号</source>
        <translation>Row</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>学号</source>
        <translation>Student no.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>中心服务器意见</source>
        <translation>Central server&apos;s verdict</translation>
    </message>
</context>
<context>
    <name>ReplaceDialog</name>
    <message>
        <location filename="../../desktop/ui/replace_dialog.py" line="+24"/>
        <source>查找替换</source>
        <translation>Find and replace</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>只在选中的 {0} 个单元格中替换</source>
        <translation>Replace only in the {0} selected cells</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>全部替换</source>
        <translation>Replace all</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>列：{0}</source>
        <translation>Column: {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>查找</source>
        <translation>Find</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>替换为</source>
        <translation>Replace with</translation>
    </message>
</context>
<context>
    <name>ReportChart</name>
    <message>
        <location filename="../../desktop/ui/report_chart.py" line="+32"/>
        <source>其他 {n} 项</source>
        <translation>{n} others</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>{title}柱状图</source>
        <translation>{title} bar chart</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{name}：{n}（{share:.1f}%）</source>
        <translation>{name}: {n} ({share:.1f}%)</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>（无记录）</source>
        <translation>(no records)</translation>
    </message>
</context>
<context>
    <name>ReportPage</name>
    <message>
        <location filename="../../desktop/ui/report_page.py" line="+61"/>
        <source>项目</source>
        <translation>Item</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>人数</source>
        <translation>Students</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>占比</source>
        <translation>Share</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>代码 {code}</source>
        <translation>Code {code}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>批次报表</source>
        <translation>Batch report</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+92"/>
        <source>正在统计…</source>
        <translation>Counting…</translation>
    </message>
    <message>
        <location line="-73"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>导出 PDF…</source>
        <translation>Export PDF…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location line="+81"/>
        <source>批次报表 — {name}</source>
        <translation>Batch report — {name}</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>共 {n} 条记录；制表时间 {at}</source>
        <translation>{n} records; report made {at}</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>导出 PDF</source>
        <translation>Export PDF</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>已导出：{path}</source>
        <translation>Exported: {path}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>打印批次汇总</source>
        <translation>Print batch summary</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>正在打印…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>已发送到打印机：{name}</source>
        <translation>Sent to the printer: {name}</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>请先在“批次”列表中选择一个批次，再打开报表。</source>
        <translation>Choose a batch in the “Batches” list first, then open the report.</translation>
    </message>
</context>
<context>
    <name>ReportSheet</name>
    <message>
        <location filename="../../desktop/ui/report_sheet.py" line="+52"/>
        <source>学籍学历电子注册 批次汇总</source>
        <translation>Electronic Registration of Student Status and Qualifications — Batch Summary</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>（无记录）</source>
        <translation>(no records)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>项目</source>
        <translation>Item</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>人数</source>
        <translation>Students</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>占比</source>
        <translation>Share</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>学校</source>
        <translation>School</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+41"/>
        <source>{0}（{1}）</source>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <location line="-37"/>
        <source>批次</source>
        <translation>Batch</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>业务类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>批次编号</source>
        <translation>Batch ID</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>记录数</source>
        <translation>Records</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>校验</source>
        <translation>Validation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>错误 {e} 个，警告 {w} 个（已确认 {a}，未确认 {u}）</source>
        <translation>{e} errors, {w} warnings ({a} acknowledged, {u} unacknowledged)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>规则包</source>
        <translation>Rule pack</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>（未校验）</source>
        <translation>(not validated)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>源文件</source>
        <translation>Source file</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>建立</source>
        <translation>Created</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+14"/>
        <source>签名</source>
        <translation>Signature</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>日期：______年____月____日</source>
        <translation>Date: ____________</translation>
    </message>
    <message>
        <location line="-69"/>
        <location line="+10"/>
        <source>{who}，{at}</source>
        <translation>{who}, {at}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>签名密钥</source>
        <translation>Signing key</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>清单 SHA-256</source>
        <translation>Manifest SHA-256</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>（未签名）</source>
        <translation>(not signed)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>中心结论</source>
        <translation>Central server verdict</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>受理 {a} 条，退回 {r} 条</source>
        <translation>{a} accepted, {r} rejected</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>回执 SHA-256</source>
        <translation>Receipt SHA-256</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+9"/>
        <location line="+9"/>
        <source>回执</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <location line="-17"/>
        <source>{issued} 签发，服务器密钥 {kid}，已核验</source>
        <translation>issued {issued}, server key {kid}, verified</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>未通过核验：{p}</source>
        <translation>not verified: {p}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>无（整批退回）</source>
        <translation>none (whole batch rejected)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>经办人（签字）：</source>
        <translation>Prepared by (signature): </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>审核人（签字）：</source>
        <translation>Reviewed by (signature): </translation>
    </message>
    <message>
        <location line="+17"/>
        <source>制表：{who}（{role}），{at}</source>
        <translation>Made by {who} ({role}), {at}</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>学籍学历注册工作台</source>
        <translation>Registrar Desk</translation>
    </message>
</context>
<context>
    <name>SampleModel</name>
    <message>
        <location filename="../../desktop/ui/import_models.py" line="+46"/>
        <source>不导入</source>
        <translation>not imported</translation>
    </message>
</context>
<context>
    <name>SecretPage</name>
    <message>
        <location filename="../../desktop/ui/first_run_pages.py" line="+56"/>
        <source>再输入一次</source>
        <translation>Enter again</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>强度</source>
        <translation>Strength</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>两次输入不一致</source>
        <translation>The two entries do not match</translation>
    </message>
</context>
<context>
    <name>ServerBox</name>
    <message>
        <location filename="../../desktop/ui/server_box.py" line="+15"/>
        <source>中心服务器</source>
        <translation>Central server</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>正在读取…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>连接服务器</source>
        <translation>Connect to server</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+87"/>
        <source>登记本校公钥</source>
        <translation>Register school key</translation>
    </message>
    <message>
        <location line="-82"/>
        <source>只有管理员可以连接服务器和登记本校公钥</source>
        <translation>Only an administrator can connect to the server and register the school&apos;s key</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>尚未连接中心服务器。管理员：点“连接服务器”，填写服务器地址和服务器管理方电话告知的密钥指纹。</source>
        <translation>Not connected to the central server yet. Administrator: click “Connect to server” and enter the server address and the key fingerprint the server&apos;s operator reads out over the phone.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>已连接 {url}
服务器密钥 {kid}，指纹 {fp}（{who} 于 {at} 核对固定）；最近拉取核对：{pulled}</source>
        <translation>Connected to {url}
Server key {kid}, fingerprint {fp} (checked and pinned by {who} at {at}); last pull and reconciliation: {pulled}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>从未</source>
        <translation>never</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>已连接中心服务器 {url}，服务器密钥 {kid} 已固定</source>
        <translation>Connected to the central server {url}; server key {kid} pinned</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>正在连接中心服务器…</source>
        <translation>Connecting to the central server…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>请输入中心服务器管理方发放的一次性登记码：</source>
        <translation>Enter the one-time registration code issued by the central server&apos;s operator:</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>本校公钥已在中心服务器登记，可以上报了</source>
        <translation>The school&apos;s public key is registered with the central server; batches can now be submitted</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>正在登记本校公钥…</source>
        <translation>Registering the school&apos;s public key…</translation>
    </message>
</context>
<context>
    <name>SettledModel</name>
    <message>
        <location filename="../../desktop/ui/sync_models.py" line="-50"/>
        <source>✔ 已验证</source>
        <translation>✔ Verified</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>✘ 验证失败</source>
        <translation>✘ Verification failed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>无回执（整批退回）</source>
        <translation>No receipt (whole batch rejected)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>批次</source>
        <translation>Batch</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>业务类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>回执</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>退回</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>回执签名已用固定的中心服务器公钥核验（签发于 {issued}）</source>
        <translation>Receipt signature verified with the pinned central server key (issued {issued})</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>批次编号 {id}</source>
        <translation>Batch ID {id}</translation>
    </message>
</context>
<context>
    <name>SheetPage</name>
    <message>
        <location filename="../../desktop/ui/import_pages.py" line="+95"/>
        <source>选择工作表</source>
        <translation>Choose a sheet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>工作簿中有多个工作表，请选择要导入的一个。</source>
        <translation>The workbook has several sheets; choose the one to import.</translation>
    </message>
</context>
<context>
    <name>SignDialog</name>
    <message>
        <location filename="../../desktop/ui/sign_dialog.py" line="+41"/>
        <source>签名批次</source>
        <translation>Sign batch</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>批次</source>
        <translation>Batch</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>业务类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>记录数</source>
        <translation>Records</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>错误</source>
        <translation>Errors</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>警告</source>
        <translation>Warnings</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>规则包版本</source>
        <translation>Rule pack version</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>源文件</source>
        <translation>Source file</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>源文件 SHA-256</source>
        <translation>Source file SHA-256</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>签名密钥</source>
        <translation>Signing key</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>本校签名密钥的口令</source>
        <translation>Passphrase of the school&apos;s signing key</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>密钥口令</source>
        <translation>Key passphrase</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>签名</source>
        <translation>Sign</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>{n}（已确认 {ack}，未确认 {open}）</source>
        <translation>{n} ({ack} acknowledged, {open} unacknowledged)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{now}（校验时为 {then}）</source>
        <translation>{now} (validated with {then})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>（无：非文件导入）</source>
        <translation>(none: not imported from a file)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{kid}（{alg}）
指纹 {fp}</source>
        <translation>{kid} ({alg})
Fingerprint {fp}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>（无启用中的密钥）</source>
        <translation>(no active key)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>签名后批次冻结，不能再修改；签名记入审计日志。</source>
        <translation>Once signed, the batch is frozen and can no longer be changed; the signature is recorded in the audit log.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>正在签名…</source>
        <translation>Signing…</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../desktop/ui/startup.py" line="+54"/>
        <source>正在打开工作区…</source>
        <translation>Opening the workspace…</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>无法打开工作区</source>
        <translation>Cannot open the workspace</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>演示工作区：也可用 reviewer / {0} 或 admin / {1} 登录</source>
        <translation>Demo workspace: you can also log in as reviewer / {0} or admin / {1}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>（演示）</source>
        <translation> (demo)</translation>
    </message>
</context>
<context>
    <name>StateCountModel</name>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="-38"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>批次数</source>
        <translation>Batches</translation>
    </message>
</context>
<context>
    <name>StudentPage</name>
    <message>
        <location filename="../../desktop/ui/student_page.py" line="+56"/>
        <source>姓名、证件号码、学号或考生号（Ctrl+F），回车查找</source>
        <translation>Name, ID number, student no. or exam candidate no. (Ctrl+F); press Enter to search</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>查找学生</source>
        <translation>Find student</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>正在查找…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>没有找到学生</source>
        <translation>No student found</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>只列出前 {0} 名，请输入更完整的信息</source>
        <translation>Only the first {0} are listed; please enter more of the name or number</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>找到 {0} 名学生</source>
        <translation>Students found: {0}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>正在读取 {0} 的记录…</source>
        <translation>Reading the records of {0}…</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>{0}（{1} {2}）：{3} 条记录，由早到晚</source>
        <translation>{0} ({1} {2}): {3} records, oldest first</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <location filename="../../desktop/ui/import_progress.py" line="+12"/>
        <source>导入完成</source>
        <translation>Import complete</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>批次</source>
        <translation>Batch</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>记录数</source>
        <translation>Records</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>错误</source>
        <translation>Errors</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>警告</source>
        <translation>Warnings</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>打开批次</source>
        <translation>Open batch</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>有 {0} 处错误需要更正后才能签名。</source>
        <translation>Errors to correct before the batch can be signed: {0}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>没有错误。</source>
        <translation>No errors.</translation>
    </message>
</context>
<context>
    <name>SyncModels</name>
    <message>
        <location filename="../../desktop/ui/sync_models.py" line="-85"/>
        <source>未开始</source>
        <translation>Not started</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{sent} / {total} 块（{pct}%）</source>
        <translation>{sent} / {total} chunks ({pct}%)</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="+80"/>
        <source>同步和拉取核对的结果显示在这里</source>
        <translation>Results of sync and of pull and reconciliation appear here</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>排队上报</source>
        <translation>Queue for submission</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+132"/>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location line="-131"/>
        <location line="+137"/>
        <source>重试</source>
        <translation>Retry</translation>
    </message>
    <message>
        <location line="-136"/>
        <location line="+173"/>
        <source>拉取核对</source>
        <translation>Pull and reconcile</translation>
    </message>
    <message>
        <location line="-172"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>已签名待排队：</source>
        <translation>Signed, ready to queue:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{role}不能上报：上报由审核员或管理员进行</source>
        <translation>The {role} role cannot submit: submission is done by a reviewer or an administrator</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>待上报（发件箱）</source>
        <translation>Waiting to be submitted (outbox)</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>{name}（{kind}，{rows} 条）</source>
        <translation>{name} ({kind}, records: {rows})</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>“{name}”已排队，点“同步”上报</source>
        <translation>“{name}” is queued; click “Sync” to submit it</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>请输入本校签名密钥的口令（用于登录中心服务器）：</source>
        <translation>Enter the passphrase of the school&apos;s signing key (used to log in to the central server):</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>正在同步…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>正在上传“{name}”：{sent} / {total} 块</source>
        <translation>Uploading “{name}”: {sent} / {total} chunks</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{n} 个批次仍在等待上报，原因见“原因”列；网络恢复后再点“同步”</source>
        <translation>Batches still waiting to be submitted: {n} (see the “Reason” column); click “Sync” again once the network is back</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>同步完成</source>
        <translation>Sync complete</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>正在从中心服务器拉取本校学生…</source>
        <translation>Pulling this school&apos;s students from the central server…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>拉取核对完成</source>
        <translation>Pull and reconciliation complete</translation>
    </message>
</context>
<context>
    <name>SyncText</name>
    <message>
        <location filename="../../desktop/ui/sync_text.py" line="+22"/>
        <source>没有等待上报的批次。</source>
        <translation>No batches are waiting to be submitted.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>同步 {n} 个批次：发送 {size}，网络重试 {retries} 次</source>
        <translation>Batches synced: {n}; sent {size}; network retries: {retries}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>· {name}：{state}（受理 {a}，退回 {r}），回执已验证</source>
        <translation>· {name}: {state} ({a} accepted, {r} rejected), receipt verified</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>· {name}：已退回（受理 0，退回 {r}），回执已验证</source>
        <translation>· {name}: rejected (0 accepted, {r} rejected), receipt verified</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>· {name}：已退回：{why}</source>
        <translation>· {name}: rejected: {why}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>· {name}：{state}，仍在队列中：{why}</source>
        <translation>· {name}: {state}, still queued: {why}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{n} 个批次仍在等待：网络或服务器恢复后再点“同步”，已上传的部分不会重传。</source>
        <translation>Batches still waiting: {n}. Click “Sync” again once the network or the server is back; parts already uploaded are not sent again.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>拉取核对完成：中心服务器登记本校学生 {n} 人（{pages} 页）。</source>
        <translation>Pull and reconciliation complete: students of this school registered on the central server: {n} (pages: {pages}).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>本地记为已受理、服务器却未登记的学生 {n} 人，请核查：{who}</source>
        <translation>Students accepted here but not registered on the server: {n}; please check: {who}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>本地已受理的学生，服务器均已登记。</source>
        <translation>Every student accepted here is registered on the server.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>服务器登记、本工作区没有的学生 {n} 人（可能来自其他电脑或以前的系统）。</source>
        <translation>Students registered on the server but not in this workspace: {n} (perhaps from another PC or an earlier system).</translation>
    </message>
</context>
<context>
    <name>TimelineModel</name>
    <message>
        <location filename="../../desktop/ui/student_models.py" line="+13"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>事项</source>
        <translation>Event</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>批次</source>
        <translation>Batch</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>内容</source>
        <translation>Details</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{0}：{1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0}；{1}</source>
        <translation>{0}; {1}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>（空）</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} → {1}</source>
        <translation>{0} → {1}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0}（理由：{1}）</source>
        <translation>{0} (reason: {1})</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{0}更正</source>
        <translation>{0} corrected</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>操作员 {0}</source>
        <translation>Operator {0}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>第 {0} 行；双击打开该批次并定位到此行</source>
        <translation>Row {0}; double-click to open the batch at this row</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>第十九条：更正后保留原值</source>
        <translation>Article 19: the old value is kept after a correction</translation>
    </message>
</context>
<context>
    <name>UnsignDialog</name>
    <message>
        <location filename="../../desktop/ui/batch_actions.py" line="-132"/>
        <source>撤销签名</source>
        <translation>Withdraw signature</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>例如：发现第 12 行证书编号有误，需要修改</source>
        <translation>e.g. the certificate number in row 12 is wrong and must be corrected</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>批次“{0}”回到草稿，签名作废；修改后须重新校验、签名。</source>
        <translation>Batch “{0}” goes back to draft and its signature becomes void; after the changes it must be validated and signed again.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../../desktop/ui/first_run_pages.py" line="-127"/>
        <source>欢迎使用学籍学历注册工作台</source>
        <translation>Welcome to Registrar Desk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>这台电脑上还没有工作区。</source>
        <translation>There is no workspace on this PC yet.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>建立本校工作区（学校信息、首个管理员、学校签名密钥）</source>
        <translation>Set up this school&apos;s workspace (school profile, first administrator, school signing key)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>先看看：打开演示工作区（示例数据与本机参考服务器）</source>
        <translation>Just looking: open the demo workspace (sample data and a reference server on this PC)</translation>
    </message>
</context>
<context>
    <name>WorkPage</name>
    <message>
        <location line="+185"/>
        <source>详细信息…</source>
        <translation>Details…</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>请稍候…</source>
        <translation>Please wait…</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>详细信息</source>
        <translation>Details</translation>
    </message>
</context>
</TS>

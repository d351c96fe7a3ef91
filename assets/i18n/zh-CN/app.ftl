# biaozhu：窗口中的简体中文用语。键按窗口的部位分组；变量写在 { $花括号 } 里。

language-name = 简体中文

## 文档状态
status-name = { $status ->
    [todo] 待标注
    [in_progress] 标注中
    [done] 已完成
   *[reviewed] 已审核
}

## 菜单栏
menu-file = 文件
menu-view = 视图
menu-review = 审核
menu-document = 文档
menu-help = 帮助
menu-open-dataset = 打开数据集…
menu-new-dataset = 新建数据集…
menu-import-articles = 导入文章…
menu-export = 导出…
dialog-open-dataset = 打开 biaozhu 数据集文件夹
dialog-new-dataset = 为新数据集选择一个空文件夹
dialog-articles = 文章
dialog-export = 选择导出的文件夹
menu-light-theme = 浅色主题
menu-dark-theme = 深色主题
menu-larger-text = 放大文字
menu-smaller-text = 缩小文字
menu-record-effort = 记录标注用时
menu-language = 语言
menu-end-review = 结束审核
menu-review-pair = 审核 { $a } 与 { $b }，合并到 { $into }
menu-review-needs-two = 审核需要两位标注员。
menu-train-now = 立即训练模型
menu-train-now-hint = 从头完整重新训练。每标完 3 篇文档，模型也会在上一版基础上自动更新。
menu-min-confidence = 隐藏置信度低于此值的建议
menu-mark = 标记为“{ $status }”

## 标签栏
labelbar-hint = 拖动选择文字，按 { $label_keys } 标注，按 { $help_key } 查看快捷键

## 文档列表
docs-progress = 已完成 { $done } / { $total }
docs-status = 状态
docs-all-statuses = 全部状态
docs-filter = 筛选
docs-filter-hint = 标题或编号
docs-sort-by-queue = 按模型推荐顺序排列
docs-sort-by-queue-later = 按模型推荐顺序排列（首次训练后可用）
docs-spans = { $n } 个标注

## 查找栏
find-label = 查找：
find-match-of = 第 { $at } / { $n } 处
find-matches = { $n } 处匹配
find-next = 下一处
find-close = 关闭

## 姓名提示
name-heading = 谁在标注？
name-explained = 你的名字会随每份标注一起保存（小写字母、数字、- 和 _）。
name-label = 名字
name-start = 开始

## 打开数据集时发现的问题
problems-heading = 打开数据集时发现 { $n } 个问题（无法读取的文件绝不会被改写）

## 标注面板（右侧）
spans-heading = 标注（{ $n }）
spans-choice-none = （无）
spans-not-a-number = 不是数字
spans-select-one = 选中一个标注以编辑其属性。

## 标注面板下的关系
rels-heading = 关系（{ $n }）
rels-none = 无。按 { $key } 为此标注建立关系。
rels-select-other-end = 选中另一端
rels-unlink = 解除
rels-unlink-hint = 删除此关系（可撤销）
rels-suggested = 建议的关系（{ $n }）
rels-accept = 接受这些关系（{ $key }）
rels-lacking = 缺少要素的项目（{ $n }）
lacks-one = 缺{ $what }
list-separator = 、

## 项目视图
projects-heading = 项目：{ $rows } 行，其中 { $lacking } 行缺少金额或地区（按 { $key } 隐藏）
projects-none = 还没有项目建立关系：选中一个项目，按 { $key }。
projects-complete = 完整
projects-col-value = 数值
projects-col-currency = 币种
projects-col-adcode = 行政区划代码
projects-col-mechanisms = 机制

## 文章标题区
article-no-dataset = 没有打开数据集。
article-no-dataset-hint = 使用“文件 > 打开数据集…”，或运行 `biaozhu open DIR`。
article-no-documents = 这个数据集还没有文档。
article-no-documents-hint = 使用“文件 > 导入文章…”，或运行 `biaozhu import DIR FILES`。
article-characters = { $n } 字
article-status = 状态：{ $status }
article-arcs = 关系：

## 状态栏
model-none = 模型：尚未训练
model-training = 模型：训练中，第 { $epoch } 轮（最多 { $epochs } 轮），{ $seconds } 秒
model-ready = 模型：已用 { $docs } 篇文档训练
model-updated = 模型：已在上一版基础上用 { $fitted } 篇文档（新增、改动及抽样）更新，共 { $docs } 篇
model-restarted-features = 模型：已重新用 { $docs } 篇文档从头训练（上一版模型的特征配置不同，无法在其基础上更新）
model-restarted-labels = 模型：已重新用 { $docs } 篇文档从头训练（标签自上一版模型以来有变，无法在其基础上更新）
model-restarted-few = 模型：已用 { $docs } 篇文档从头训练（文档不多，完整训练与增量更新一样快，且效果更好）
model-unsaved = 模型：已用 { $docs } 篇文档训练，但未能保存：{ $why }
model-failed = 模型：未训练
status-no-dataset = 没有打开数据集。
status-review = 审核：{ $a } + { $b } -> { $into }
status-annotator = 标注员：{ $name }
status-read-only = 只读
status-saved = 已保存（第 { $revision } 版）
status-saved-nothing = 已保存（尚无内容）
status-document = 文档 { $at } / { $of }
status-undo-redo = 撤销 { $undo } / 重做 { $redo }

## 快捷键表
help-title = 键盘快捷键

## 标注准则面板
guidelines-title = 标注准则
guidelines-close = 关闭
guidelines-section-of = 关于{ $label }的一节
guidelines-no-section = 准则中没有一节提到{ $label }；下面是全文。
guidelines-whole = 显示全文
guidelines-from-file = 来自 { $path }
guidelines-bundled = biaozhu 自带的准则（此数据集没有 guidelines 文件夹）

## 仪表盘
menu-dashboard = 仪表盘
dash-title = 仪表盘
dash-computing = 正在计算…
dash-progress = 已完成文档随时间的变化（累计，按标注员）
dash-days-since = 横轴：自 { $first } 起的天数
dash-statuses = 各状态的文档数
dash-spans-per-label = 各标签的标注数
dash-agreement = 一致性（标注 F1 与 Cohen's κ；单击列出两人有分歧的文档）
dash-agreement-none = 计算一致性需要两位有共同文档的标注员。
dash-agreement-hint = { $n } 篇文档有差异：单击列出
dash-suggestions = 建议：接受、修改、拒绝（按来源和标签）
dash-suggestions-none = 还没有处理过的建议。
dash-accepted = 接受
dash-corrected = 修改
dash-rejected = 拒绝
dash-time = 每篇文档的有效标注分钟数（标注时记录）
dash-time-none = 尚未记录用时。
dash-time-boxes = 每位标注员一个箱形：中间一半的文档，箱中横线为中位数；须线延伸到距箱体一个半箱高以内最远的文档。
docs-only-disagreements = 仅显示 { $pair } 有分歧的文档（{ $n }）
docs-show-all = 显示全部

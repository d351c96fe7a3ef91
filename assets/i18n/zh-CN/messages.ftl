# biaozhu：窗口消息（发生了什么、该做什么），简体中文。

msg-sample-not-copied = 无法把自带的示例复制到 { $folder }：{ $why }
msg-read-only-lock = 只读：另一个进程正在写入
msg-dismiss = 关闭

## 窗口解释的错误（核心错误上方的第一行）
error-io = 无法读写文件。没有丢失任何内容；请检查路径和磁盘后重试。
error-invalid = 数据集中的某个文件无效。没有写入任何内容；请修正该文件（biaozhu validate 会指出位置）。
error-newer-format = 这个数据集由更新版本的 biaozhu 写入。请升级 biaozhu 后再打开。
error-older-format = 这个数据集是旧格式。请先对它运行 biaozhu migrate。
error-conflict = 与数据集中已有的内容冲突（同名的文档或发布已存在）。没有做任何修改。
error-edit = 无法完成这次编辑。
error-read-only = 数据集以只读方式打开。
error-locked = 另一个 biaozhu 正在写入这个数据集；它以只读方式打开。

## 核心错误的详情（第一行下方）
error-detail-newer-format = { $path }：format_version { $found } 比这个 biaozhu 支持的版本（{ $supported }）新。没有写入任何内容。
error-detail-older-format = { $path }：这个数据集是 format_version { $found }；运行 `biaozhu migrate { $path }` 把它升级到 format_version { $supported }。没有写入任何内容。
error-detail-locked = { $path }：另一个 biaozhu 进程正在写入这个数据集；请关闭它或稍等，然后重试。
error-detail-at = 位置：{ $place }
    详情（英文，与命令行相同）：{ $detail }
error-detail-os = { $place }：{ $kind ->
        [not-found] 没有这个文件或文件夹
        [permission-denied] 没有权限
        [already-exists] 已经存在
        [storage-full] 磁盘已满
        [read-only-filesystem] 文件系统是只读的
        [is-a-directory] 这是一个文件夹，不是文件
        [not-a-directory] 路径中有一部分不是文件夹
        [directory-not-empty] 文件夹不是空的
       *[invalid-filename] 文件名在这里不合法
    }（英文原话：{ $english }）
error-detail = 详情（英文，与命令行相同）：{ $detail }
error-edit-bad-range = 范围 { $start }..{ $end } 不在正文之内。
error-edit-duplicate = { $start }..{ $end } 处已有一个相同的 { $label } 标注。
error-edit-missing = 没有 id 为“{ $id }”的标注或关系。
error-edit-id-taken = id“{ $id }”已被使用。
error-edit-stale = 这次编辑之前标注已被改动；没有做任何修改。
error-edit-unsettled = 还有 { $left } 处差异没有处理：请逐一接受（{ $accept }）或拒绝（{ $reject }），再标为已审核。

## 请先这样做
err-no-dataset = 没有打开数据集。
err-no-document = 没有打开文档。
err-selected-span-gone = 选中的标注已不存在。
err-span-gone = 这个标注已不存在。
err-no-such-label = labels.ron 中没有标签“{ $label }”。
err-select-text-first = 请先选择文字（拖动选中），再按标签键。
err-select-query-first = 请先选中要查找的文字。

## 编辑
msg-nothing-to-undo = 没有可撤销的操作。
msg-nothing-to-redo = 没有可重做的操作。
msg-labelled-matches = 已把“{ $query }”的 { $n } 处匹配标为{ $label }。
msg-matches-already-labelled = “{ $query }”的每处匹配都已标为{ $label }。

## 建立关系
err-select-span-to-link = 请先选中一个标注（单击它），再按 { $key } 建立关系。
msg-link-no-candidates = 本段中没有能与此标注建立关系的标注：单击别处的标注，或按 { $cancel }。
msg-link-how = 建立关系：按 1–{ $n } 或单击一个标注；按 { $cancel } 取消。对已有关系再建一次会删除它。
err-link-span-gone = 这个关系的一端已不存在。
err-no-relation-type = 没有关系类型能连接{ $from }和{ $to }（labels.ron 中有：{ $types }）。请选别的标注，或按 { $cancel }。
msg-which-relation = 哪种关系？{ $choices }
msg-link-removed = 已删除“{ $kind }”关系（它原本存在；按 { $undo } 恢复）。
msg-linked = 已建立关系：{ $kind }。
err-relation-gone = 这个关系已不存在。

## 建议、训练与审核
err-label-first = 请先标注或选中一个标注：{ $key } 会接受该标签的全部建议。
msg-accepted-label = 已接受 { $n } 条{ $label }建议。
msg-none-pending-label = 没有待处理的{ $label }建议。
msg-accepted-links = 已接受 { $n } 条建议的关系。
msg-no-link-pending = 这里没有待处理的建议关系：只有两端都是你的标注时才会建议关系。
msg-training-already = 模型已在训练中。
msg-training-started = 正在后台用已完成或已审核的文档训练 { $who } 的模型。
msg-no-suggestion-here = 这里没有待处理的建议。
msg-reviewing = 正在审核 { $a } 和 { $b }，合并到 { $into }：按 { $accept } 接受一个标注，按 { $reject } 拒绝；实线框是两人一致的标注。

## 数据集
msg-every-document-done = 所有文档都已完成。
err-annotator-name = 标注员名字：{ $problem }
msg-saved = 已保存。
msg-opened-read-only = 另一个 biaozhu 正在写入这个数据集：它以只读方式打开。关闭另一个窗口后即可编辑。
err-could-not-open = 无法打开数据集：{ $why }
msg-imported = 已导入 { $added } / { $files } 个文件。
msg-exported-left-out = （省略了 { $n } 个嵌套标注：{ $format } 不支持嵌套）
msg-exported = 已把 { $documents } 篇文档、{ $spans } 个标注导出为 { $format }，保存到 { $path }{ $note }。

## validate 发现的问题（问题面板）
problem-at = { $place }：{ $what }
problem-untranslated = { $what }（英文原文）
problem-warning = 警告：{ $what }
misfit-other-text = 与文档的 sha256 不符：偏移指向的是另一段文本
misfit-span-id-twice = 标注 id“{ $id }”用了两次
misfit-duplicate-span = 与 { $start }..{ $end } 处另一个 { $label } 标注完全重复
misfit-end-not-after-start = 结束位置 { $end } 必须大于开始位置 { $start }
misfit-end-beyond-text = 结束位置 { $end } 超出正文，正文只有 { $len } 个码位
misfit-text-differs = 写的是“{ $said }”，但文档第 { $start }..{ $end } 个码位是“{ $covered }”（偏移按 Unicode 码位计，不含结束位置）
misfit-unknown-label = 未知标签“{ $label }”；labels.ron 声明的是 { $declared }
misfit-no-such-attribute = 标签“{ $label }”在 labels.ron 中没有属性“{ $name }”
misfit-bad-confidence = confidence 必须是 0 到 1 之间的数
misfit-overlap = 与标注“{ $other }”重叠，而 labels.ron 设置了 allow_overlap: false
misfit-relation-id-twice = 关系 id“{ $id }”用了两次
misfit-no-such-span = 没有 id 为“{ $id }”的标注

## 打开的文档为何不能编辑（状态旁）
locked-other-version = 这份标注是在这篇文本的另一个版本上做的（document_sha256 不同）；只读显示
locked-unreadable = 标注文件无法读取，原样保留，这篇文档只读。原因（英文原文）：{ $error }
locked-unreadable-parsed = 标注文件无法读取：{ $what }。文件原样保留，这篇文档只读
misfit-id-not-file-name = 写的是“{ $id }”，但文件名是 { $stem }.json
misfit-annotator-not-folder = 写的是“{ $annotator }”，但文件在文件夹 { $folder } 中
misfit-text-changed = 与正文不符（正文的哈希是 { $actual }）；正文在导入后被改过
misfit-orphan-invalid-document = 这份标注的文档无效
misfit-orphan-no-document = 这份标注的文档不在数据集中（documents/ 里没有这个文件）
misfit-unshaped = 结构与预期不符（英文原文：{ $detail }）
misfit-not-dataset-file = 不是 biaozhu 数据集文件（没有 format、spans 或 text 键）
misfit-file-name-not-id = 文件名不是合法的文档 id：{ $why }（英文原文）；请给文件改名
misfit-annotator-folder = 标注员文件夹的名字不合规：{ $why }（英文原文）；请给文件夹改名
misfit-merge-conflict = 有未解决的合并冲突；请在 spans 或 relations 中为每个冲突只保留一个版本，设置 status，删除 status_when_resolved 和 conflicts，然后 git add 这个文件（或用 git checkout --ours 或 --theirs 整体取一方）
misfit-merge-conflict-listed = 有未解决的合并冲突（英文原文：{ $what }）；请在 spans 或 relations 中为每个冲突只保留一个版本，设置 status，删除 status_when_resolved 和 conflicts，然后 git add 这个文件（或用 git checkout --ours 或 --theirs 整体取一方）
problem-same-text = 与文档 { $first } 的正文相同；请删除其中一个
problem-default-schema = 改用默认的标签方案检查标签和属性
import-record-twice = 文档 { $document } 在输入中出现了两次；已采用第一次
import-text-differs = 正文与文档“{ $document }”不同（sha256 不符）；未导入
import-no-document = 没有文档具有这段正文或这个 id；加上 --create-documents 即可新建
import-span-skipped = 标注 { $key }（{ $start }..{ $end }，{ $label }）：{ $why }
import-span-outside = 偏移超出正文，或落在一个字符中间
import-span-empty = 为空或首尾颠倒
import-span-text-differs = 写的是“{ $said }”，但那里的正文是“{ $covered }”；已跳过，没有挪动
import-span-unknown-label = 标签不在 labels.ron 中
import-relation-skipped = 文档 { $document }：关系 { $relation }（{ $from } → { $to }）：{ $why }（英文原文）；已跳过
release-version = 写的是“{ $found }”，但文件夹是 { $folder }
release-file-name = 不是单纯的文件名
release-file-changed = 在发布 { $version } 之后被改过（sha256 不同）；发布不可更改：请恢复这个文件，或另做一个新发布
release-file-missing = 发布 { $version } 中的这个文件不见了
release-file-added = 不属于发布 { $version }（在发布之后才加入）
parse-trouble = { $kind ->
    [truncated] { $format } 在第 { $line } 行第 { $column } 列提前结束（文件是否被截断？）
    [shape] { $format } 的结构不符合要求：第 { $line } 行第 { $column } 列
   *[syntax] 文件不是有效的 { $format }：第 { $line } 行第 { $column } 列有误
}。解析器的原话（英文）：{ $detail }
parse-unreadable = 无法读取这个文件。原因（英文原文）：{ $detail }
schema-no-labels = 没有声明任何标签
schema-empty-name = 有一个标签的名字是空的
schema-label-twice = 标签“{ $name }”声明了两次
schema-key-not-one-character = 标签“{ $label }”：快捷键必须是一个字符，这里是“{ $key }”
schema-key-twice = 标签“{ $label }”：快捷键“{ $key }”用了两次
schema-role-twice = 标签“{ $first }”和“{ $second }”都声明了角色 { $role }；一个角色只能属于一个标签
schema-bad-color = 标签“{ $label }”：颜色必须写成 #RRGGBB，这里是“{ $color }”
schema-relation-twice = 关系“{ $name }”声明了两次
schema-unknown-end = 关系“{ $relation }”用到了未声明的标签“{ $label }”
schema-key-is-shortcut = 标签“{ $label }”的快捷键是“{ $key }”，而应用程序用这个键来{ $app_key ->
        [a] 接受建议
        [x] 拒绝建议
        [r] 为选中的标注建立关系
        [n] 转到下一篇文档
        [p] 转到上一篇文档
        [t] 显示或隐藏项目视图
        [g] 显示或隐藏标注准则
       *[other] 显示快捷键表
    }（{ $shown_key }）；请换一个键
schema-display-empty = { $group ->
        [label] 标签
        [relation] 关系类型
       *[attribute] 属性
    }“{ $id }”在 { $locale } 中的显示名是空的；请写一个，或删除这一项{ $line ->
        [0] {""}
       *[other] （labels.ron 第 { $line } 行）
    }
schema-display-twice = { $group ->
        [label] 标签
        [relation] 关系类型
       *[attribute] 属性
    }“{ $first }”和“{ $second }”在 { $locale } 中都显示为“{ $shown }”；请给每个起不同的显示名{ $line ->
        [0] {""}
       *[other] （labels.ron 第 { $line } 行）
    }
schema-rule = { $rule ->
    [required] 缺少必需的字段 { $property }
    [not-allowed] 有 JSON Schema 不允许的字段：{ $names }
    [type] 值的类型不对
    [enum] 值不在允许的选项之中
    [too-small] 数值小于允许的最小值
    [too-large] 数值大于允许的最大值
    [too-short] 文本短于允许的长度
   *[other] 不符合文件的 JSON Schema
}。校验器的原话（英文）：{ $english }

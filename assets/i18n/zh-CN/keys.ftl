# biaozhu：快捷键表（简体中文）：鼠标手势的名称，以及键位表（src/app/keymap/mod.rs）中每个绑定的说明。

## 手势
gesture-drag = 拖动
gesture-double-click = 双击
gesture-click-a-highlight = 单击高亮

## 各绑定的作用
keys-label-the-selection-or-relabel = 标注选中的文字，或给选中的标注换标签（键位来自 `labels.ron`）
keys-while-linking-pick-the-numbered = 建立关系时：选择编号的标注（两种关系类型都适用时选择类型）；单击标注也可建立关系；对已有关系再建一次会删除它
keys-label-every-unlabelled-match-of = 把选中文字的每处未标注匹配都标上，作为一步可撤销的操作
keys-select-exact-characters-across-line = 精确选择字符，可跨行
keys-select-a-word-jiebars-or = 选中一个词（jieba-rs）或带单位的数字（53.7億元）
keys-select-the-span-click-again = 选中标注；再次单击可在嵌套的标注间切换
keys-remove-the-selected-span = 删除选中的标注
keys-link-the-selected-span-candidates = 为选中的标注建立关系：能构成关系的候选会编号，按段内距离由近到远
keys-while-linking-cancel = 建立关系时：取消
keys-clear-the-selection-or-close = 取消选择（或关闭快捷键表）
keys-move-the-end-of-the = 移动选区或选中标注的结尾
keys-move-the-start-of-the = 移动选区或选中标注的开头
keys-without-a-selection-next-previous = 没有选区时：下一篇 / 上一篇文档
keys-undo-per-document-unlimited-within = 撤销（按文档，一次会话内不限次数）
keys-redo = 重做
keys-next-previous-document = 下一篇 / 上一篇文档
keys-mark-done-and-go-to = 标记为已完成，并转到下一篇未完成的文档
keys-find-traditional-and-simplified-forms = 查找（繁体与简体互相匹配）
keys-with-the-find-bar-open = 查找栏打开时：下一处匹配（并选中它）
keys-in-the-find-field-close = 在查找框中：关闭查找栏
keys-accept-the-suggestion-under-the = 接受鼠标下的建议（或选区处的，或下一条）。建议是 `model-rules` 的标注（运行 `biaozhu suggest` 生成），以虚线框显示；接受后即为普通的、可撤销的标注，并带有类型化的值
keys-reject-that-suggestion-saved-with = 拒绝该建议（随标注保存，不会再次提出）
keys-accept-every-pending-suggestion-of = 接受当前标签的全部待处理建议
keys-accept-the-suggested-links-dashed = 接受选中标注的建议关系（虚线弧），或全部建议关系；只有两端都是你的标注时才会建议关系
keys-save-every-edit-is-saved = 保存（每次编辑都已自动保存）
keys-larger-text = 放大文字
keys-smaller-text = 缩小文字
keys-show-or-hide-the-projects = 显示或隐藏项目视图：本文档的投资项目，以及每项还缺什么
keys-show-or-hide-the-shortcut = 显示或隐藏快捷键表
keys-guidelines = 显示标注准则中选中标注的标签那一节（未选中标注时显示全文），或隐藏准则

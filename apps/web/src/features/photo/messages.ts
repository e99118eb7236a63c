import { registerMessages } from '../../i18n/i18n';

registerMessages('photo', {
  en: {
    title: 'Photo',
    alt: 'Photo of {{name}}',
    none: 'No photo',
    take: 'Take a photo',
    choose: 'Choose a file',
    replace: 'Take a new photo',
    remove: 'Delete the photo',
    confirmRemove: 'Delete this client’s photo? The nurse will have nothing to check the person against.',
    cancel: 'Cancel',
    saved: 'Photo saved.',
    removed: 'Photo deleted.',
    notAnImage: 'That file is not a picture.',
  },
  'zh-CN': {
    title: '照片',
    alt: '{{name}}的照片',
    none: '暂无照片',
    take: '拍照',
    choose: '选择文件',
    replace: '重新拍照',
    remove: '删除照片',
    confirmRemove: '确定删除这位服务对象的照片？删除后护士将无法据此核对身份。',
    cancel: '取消',
    saved: '照片已保存。',
    removed: '照片已删除。',
    notAnImage: '该文件不是图片。',
  },
});

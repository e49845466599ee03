import { html, SafeHtml } from '../html';
import { PageContext } from '../layout';

export interface PlaceChoice {
  provinces: { code: string; name: string }[];
  /** Communes of the chosen province, by name. */
  communes: { code: string; name: string }[];
  provinceCode: string;
  communeCode: string;
}

const KIND = /^(Phường|Xã|Đặc khu|Thị trấn) (.+)$/;

/** "Hà Tu (Phường)": the proper name first, so typing its first letters in the list finds it. */
export function communeLabel(name: string): string {
  const m = KIND.exec(name);
  return m ? `${m[2]} (${m[1]})` : name;
}

/**
 * Province, then its communes by name. With JavaScript the commune list follows the province at once; without it
 * the "show the communes" button sends the form back with the values kept and the list filled.
 */
export function placePicker(ctx: PageContext, p: PlaceChoice): SafeHtml {
  const { t } = ctx;
  const sorted = [...p.communes].sort((a, b) => communeLabel(a.name).localeCompare(communeLabel(b.name), 'vi'));
  return html`<label for="provinceCode">${t('report.province')}</label>
<select id="provinceCode" name="provinceCode" data-commune-source><option value="">${t('common.unknown')}</option>${p.provinces.map((x) => html`<option value="${x.code}"${p.provinceCode === x.code ? html` selected` : ''}>${x.name}</option>`)}</select>
<button type="submit" name="pickCommune" value="1" class="secondary js-hide" formnovalidate>${t('place.showCommunes')}</button>
<label for="communeCode">${t('report.commune')}</label>
<select id="communeCode" name="communeCode" data-commune-list data-unknown="${t('common.unknown')}"><option value="">${p.provinceCode ? t('common.unknown') : t('place.chooseProvinceFirst')}</option>${sorted.map((x) => html`<option value="${x.code}"${p.communeCode === x.code ? html` selected` : ''}>${communeLabel(x.name)}</option>`)}</select>`;
}

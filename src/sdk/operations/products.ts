import { toBytes32, toGtin, type GtinInput } from "../inputs";
import { plain } from "../operation";
import type { TxContext } from "../transact";
import { pauseOperations } from "./shared";

/** Registers a product (UDI-DI); `gtin` may be a UDI carrying (01). */
export interface RegisterProductArgs {
  gtin: GtinInput;
  metadataHash: string;
  tracked?: boolean;
  implantable?: boolean;
}

/** The product registry's operations. */
export function productOperations(ctx: TxContext) {
  const { products } = ctx.contracts;
  return {
    registerProduct: plain(async (a: RegisterProductArgs) =>
      products.registerProduct.populateTransaction(
        toGtin(a.gtin),
        toBytes32(a.metadataHash, "metadataHash"),
        a.tracked ?? false,
        a.implantable ?? false,
      ),
    ),
    updateProductMetadata: plain(async (a: { gtin: GtinInput; metadataHash: string }) =>
      products.updateProductMetadata.populateTransaction(toGtin(a.gtin), toBytes32(a.metadataHash, "metadataHash")),
    ),
    ...pauseOperations(products),
  };
}
